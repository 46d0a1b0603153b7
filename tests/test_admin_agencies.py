"""Agencies and units managed at /admin/instansi (issue 12, item 3): added and edited by admins,
bad input refused beside its field with nothing saved, the care tree kept whole, an agency that
still has work refused a switch-off, and every change audited with before and after."""

from __future__ import annotations

from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Agency
from tests.conftest import csrf_token
from tests.helpers import (
    agency_id,
    audit_entries,
    citizen_client,
    lorong_fields,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)


def agency_form(**overrides) -> dict:
    fields = {
        "name": "Bidang Bina Marga",
        "short_name": "Bina Marga",
        "kind": "unit",
        "parent_id": "",
        "kecamatan_code": "",
        "phone": "",
        "email": "",
        "active": "y",
    }
    fields.update(overrides)
    return fields


def post_new(admin, **fields):
    token = csrf_token(admin, "/admin/instansi")
    return admin.post("/admin/instansi", data={"csrf_token": token, "code": "pupr-bm", **agency_form(**fields)})


def post_edit(admin, agency: int, **fields):
    token = csrf_token(admin, f"/admin/instansi/{agency}")
    return admin.post(f"/admin/instansi/{agency}", data={"csrf_token": token, **fields})


def current_form(app, code: str) -> dict:
    """The edit form as the page would send it back unchanged."""
    with app.app_context():
        a = db.session.execute(select(Agency).where(Agency.code == code)).scalar_one()
        fields = {
            "name": a.name,
            "short_name": a.short_name,
            "kind": a.kind,
            "parent_id": str(a.parent_id or ""),
            "kecamatan_code": a.kecamatan_code or "",
            "phone": a.phone or "",
            "email": a.email or "",
        }
        if a.active:
            fields["active"] = "y"
        return fields


def agency_row(app, code: str) -> Agency:
    with app.app_context():
        agency = db.session.execute(select(Agency).where(Agency.code == code)).scalar_one()
        db.session.expunge(agency)
        return agency


def test_admin_adds_a_unit_under_its_agency_and_edits_it_with_audit(app):
    admin = staff_client(app, None, "admin")
    pupr = agency_id(app, "pupr")
    response = post_new(
        admin, parent_id=str(pupr), kecamatan_code="35.28.01", phone="0812-3456-7890", email="bm@pu.go.id"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    unit = agency_row(app, "pupr-bm")
    assert (unit.parent_id, unit.phone, unit.email, unit.active) == (pupr, "+6281234567890", "bm@pu.go.id", True)
    page = admin.get("/admin/instansi").get_data(as_text=True)
    assert "Bidang Bina Marga" in page and f'href="/admin/instansi/{unit.id}"' in page
    created = audit_entries(app, action="create", resource_type="agency", resource_id="pupr-bm")
    assert created[0].after["parent_id"] == pupr and created[0].after["phone"] == "+6281234567890"

    fields = current_form(app, "pupr-bm") | {"short_name": "Bina Marga PUPR", "email": "binamarga@pu.go.id"}
    assert post_edit(admin, unit.id, **fields).status_code == 302
    assert agency_row(app, "pupr-bm").short_name == "Bina Marga PUPR"
    (entry,) = audit_entries(app, action="update", resource_type="agency", resource_id="pupr-bm")
    assert entry.before == {"short_name": "Bina Marga", "email": "bm@pu.go.id"}
    assert entry.after == {"short_name": "Bina Marga PUPR", "email": "binamarga@pu.go.id"}
    assert entry.staff_id == admin.staff_id


def test_bad_phone_email_and_code_are_refused_beside_their_fields_and_nothing_is_saved(app):
    admin = staff_client(app, None, "admin")
    response = post_new(admin, phone="12", email="bukan-email", kecamatan_code="99.99")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="phone-err"' in page and "Nomor telepon" in page
    assert 'id="email-err"' in page and "Alamat email tidak valid." in page
    assert 'id="kecamatan_code-err"' in page
    assert "bukan-email" in page  # what was typed is kept
    with app.app_context():
        assert db.session.execute(select(Agency).where(Agency.code == "pupr-bm")).first() is None
    token = csrf_token(admin, "/admin/instansi")
    response = admin.post("/admin/instansi", data={"csrf_token": token, "code": "PUPR!", **agency_form()})
    assert response.status_code == 422 and 'id="code-err"' in response.get_data(as_text=True)
    response = admin.post("/admin/instansi", data={"csrf_token": token, "code": "pupr", **agency_form()})
    assert response.status_code == 422 and "sudah dipakai" in response.get_data(as_text=True)

    pupr = agency_id(app, "pupr")
    before = agency_row(app, "pupr")
    response = post_edit(admin, pupr, **(current_form(app, "pupr") | {"phone": "0000", "email": "a@", "name": "Baru"}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="phone-err"' in page and 'id="email-err"' in page
    after = agency_row(app, "pupr")
    assert (after.name, after.phone, after.email) == (before.name, before.phone, before.email)
    assert not audit_entries(app, resource_type="agency")


def test_a_parent_cycle_is_refused_and_the_tree_is_unchanged(app):
    admin = staff_client(app, None, "admin")
    pupr = agency_id(app, "pupr")
    assert post_new(admin, parent_id=str(pupr)).status_code == 302
    unit = agency_id(app, "pupr-bm")
    for parent in (unit, pupr):  # under its own unit, under itself
        response = post_edit(admin, pupr, **(current_form(app, "pupr") | {"parent_id": str(parent)}))
        assert response.status_code == 422
        assert 'id="parent_id-err"' in response.get_data(as_text=True)
    assert agency_row(app, "pupr").parent_id is None
    assert not audit_entries(app, action="update", resource_type="agency")


def test_a_health_unit_stays_in_the_care_tree(app):
    admin = staff_client(app, None, "admin")
    pkm = agency_id(app, "pkm-tlanakan")
    response = post_edit(admin, pkm, **(current_form(app, "pkm-tlanakan") | {"parent_id": str(agency_id(app, "pupr"))}))
    assert response.status_code == 422
    assert "tetap di bawah Dinas Kesehatan" in response.get_data(as_text=True)
    assert agency_row(app, "pkm-tlanakan").parent_id == agency_id(app, "dinkes")
    # A new puskesmas outside Dinkes is refused; under it, accepted.
    response = post_new(admin, kind="puskesmas", name="Puskesmas Baru", short_name="PKM Baru")
    assert response.status_code == 422 and 'id="parent_id-err"' in response.get_data(as_text=True)
    response = post_new(
        admin, kind="puskesmas", name="Puskesmas Baru", short_name="PKM Baru", parent_id=str(agency_id(app, "dinkes"))
    )
    assert response.status_code == 302


def test_a_puskesmas_page_shows_its_desa_and_links_to_the_working_areas(app):
    admin = staff_client(app, None, "admin")
    page = admin.get(f"/admin/instansi/{agency_id(app, 'pkm-tlanakan')}").get_data(as_text=True)
    assert "Wilayah kerja" in page and 'href="/admin/wilayah-kerja?kecamatan=35.28.01"' in page
    assert "<li>" in page.split('id="wilayah"', 1)[1]


def test_an_agency_that_still_has_work_is_not_switched_off(app):
    admin = staff_client(app, None, "admin")
    # e-Lorong routes street lights to Dishub; a puskesmas serves desa.
    for code, words in (("dishub", "e-Lorong"), ("pkm-tlanakan", "desa di wilayah kerja")):
        fields = current_form(app, code)
        fields.pop("active")
        response = post_edit(admin, agency_id(app, code), **fields)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert 'id="active-err"' in page and words in page
        assert agency_row(app, code).active is True
    # Open tickets keep an agency on.
    assert post_new(admin, parent_id=str(agency_id(app, "pupr"))).status_code == 302
    unit = agency_id(app, "pupr-bm")
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    officer = staff_client(app, "pupr")
    forwarded = staff_post(officer, code, "teruskan", {"agency": str(unit), "reason": "Urusan bidang bina marga."})
    assert forwarded.status_code == 302, forwarded.get_data(as_text=True)
    fields = current_form(app, "pupr-bm")
    fields.pop("active")
    response = post_edit(admin, unit, **fields)
    assert response.status_code == 422 and "laporan terbuka" in response.get_data(as_text=True)


def test_a_switched_off_agency_is_offered_for_no_forward_and_refuses_one(app):
    admin = staff_client(app, None, "admin")
    assert post_new(admin, parent_id=str(agency_id(app, "pupr"))).status_code == 302
    unit = agency_id(app, "pupr-bm")
    fields = current_form(app, "pupr-bm")
    fields.pop("active")
    assert post_edit(admin, unit, **fields).status_code == 302
    (entry,) = audit_entries(app, action="update", resource_type="agency", resource_id="pupr-bm")
    assert (entry.before, entry.after) == ({"active": True}, {"active": False})
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    officer = staff_client(app, "pupr")
    assert "Bidang Bina Marga" not in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    staff_post(officer, code, "teruskan", {"agency": str(unit), "reason": "Urusan bidang bina marga."})
    from tests.helpers import get_ticket

    assert get_ticket(app, code).agency.code == "pupr"


def test_officers_and_supervisors_are_refused_every_people_page(app):
    staff_id = staff_client(app, "dlh").staff_id
    pupr = agency_id(app, "pupr")
    pages = ["/admin/instansi", f"/admin/instansi/{pupr}", "/admin/petugas", f"/admin/petugas/{staff_id}"]
    posts = [url for url in pages if url != "/admin/petugas"] + [
        "/admin/petugas/undang",
        f"/admin/petugas/{staff_id}/aktif",
        "/admin/petugas/undangan/1/tarik",
    ]
    for role in ("officer", "supervisor"):
        client = staff_client(app, "pupr", role)
        token = csrf_token(client, "/petugas/")
        for url in pages:
            assert client.get(url).status_code == 403, url
        for url in posts:
            response = client.post(url, data={"csrf_token": token, "name": "X", "active": "0", "role": "admin"})
            assert response.status_code == 403, url
    assert agency_row(app, "pupr").name == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert not audit_entries(app, resource_type="agency") and not audit_entries(app, resource_type="staff")


def test_a_ticket_routed_to_a_switched_off_unit_goes_to_the_nearest_active_agency_above(app):
    from suite.identity.directory import receiving_agency

    with app.app_context():
        unit = db.session.execute(select(Agency).where(Agency.code == "rsud-smart")).scalar_one()
        assert receiving_agency(unit) is unit
        unit.active = False
        assert receiving_agency(unit).code == "dinkes"
        unit.parent.active = False
        assert receiving_agency(unit) is None
        db.session.rollback()
