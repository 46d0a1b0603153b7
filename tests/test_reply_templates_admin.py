"""Admins keep reply templates for the whole regency, an agency or a module (issue 12, item 3),
every change audited with before and after."""

from __future__ import annotations

from suite.ticketing.models import ResponseTemplate
from tests.conftest import csrf_token
from tests.helpers import (
    agency_id,
    audit_entries,
    citizen_client,
    lorong_fields,
    rows,
    staff_client,
    submit,
    ticket_code_from,
)

PAGE = "/admin/templat-balasan"


def _post(client, url, data, token_from=PAGE):
    return client.post(url, data={"csrf_token": csrf_token(client, token_from), **data})


def test_admin_adds_edits_and_retires_a_regency_template_and_officers_see_it_meanwhile(app):
    admin = staff_client(app, None, role="admin")
    officer = staff_client(app, "pupr")
    code = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields(not_duplicate="y")))

    created = _post(
        admin, PAGE, {"title": "Sedang disurvei", "agency_id": "", "module": "lorong", "body": "Tim survei datang."}
    )
    assert created.status_code == 302, created.get_data(as_text=True)
    (row,) = rows(app, ResponseTemplate, ResponseTemplate.title == "Sedang disurvei")
    assert row.agency_id is None and row.module == "lorong" and row.active
    assert "Sedang disurvei" in admin.get(PAGE).get_data(as_text=True)
    assert "Sedang disurvei" in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)

    edit = f"{PAGE}/{row.id}"
    pupr = str(agency_id(app, "pupr"))
    changed = _post(
        admin,
        edit,
        {"title": "Survei lapangan", "agency_id": pupr, "module": "lorong", "body": "Tim survei datang."},
        edit,
    )
    assert changed.status_code == 302
    assert "Survei lapangan" in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)

    assert _post(admin, f"{edit}/aktif", {}).status_code == 302
    assert "Survei lapangan" not in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)

    entries = audit_entries(app, resource_type="response_template", resource_id=str(row.id))
    assert [e.action for e in entries] == ["create", "update", "update"]
    assert entries[0].after["agency_id"] is None and entries[0].after["module"] == "lorong"
    assert entries[1].before == {"title": "Sedang disurvei", "agency_id": None}
    assert entries[1].after == {"title": "Survei lapangan", "agency_id": int(pupr)}
    assert (entries[2].before, entries[2].after) == ({"active": True}, {"active": False})


def test_a_template_of_another_module_is_not_offered(app):
    admin = staff_client(app, None, role="admin")
    officer = staff_client(app, "pupr")
    code = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields(not_duplicate="y")))
    assert _post(admin, PAGE, {"title": "Jadwal bidan", "module": "babhar", "body": "Bidan datang."}).status_code == 302
    assert "Jadwal bidan" not in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)


def test_an_empty_body_or_unknown_agency_is_refused_and_nothing_is_saved(app):
    admin = staff_client(app, None, role="admin")
    empty = _post(admin, PAGE, {"title": "Kosong", "body": "  "})
    assert empty.status_code == 422 and "Wajib diisi" in empty.get_data(as_text=True)
    unknown = _post(admin, PAGE, {"title": "Salah", "agency_id": "999999", "body": "Isi."})
    assert unknown.status_code == 422
    assert rows(app, ResponseTemplate) == [] and audit_entries(app, resource_type="response_template") == []


def test_a_nik_typed_into_a_template_is_masked(app):
    admin = staff_client(app, None, role="admin")
    assert _post(admin, PAGE, {"title": "NIK", "body": "NIK 3528014704950001 sudah dicek."}).status_code == 302
    (row,) = rows(app, ResponseTemplate)
    assert "3528014704950001" not in row.body


def test_officer_and_supervisor_are_refused_on_the_template_admin(app):
    for role in ("officer", "supervisor"):
        client = staff_client(app, "pupr", role=role)
        assert client.get(PAGE).status_code in (302, 403, 404)
        refused = client.post(PAGE, data={"csrf_token": csrf_token(client, "/petugas/"), "title": "x", "body": "y"})
        assert refused.status_code in (302, 403, 404)
    assert rows(app, ResponseTemplate) == []
