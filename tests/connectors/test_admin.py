"""The admin screen for outward connectors: the token is kept encrypted, never shown again in
full and never in the audit trail; mappings are data, checked against the attributes on offer."""

from __future__ import annotations

import json

from suite.connectors.models import ConnectorEndpoint
from tests.connectors.conftest import endpoint_form
from tests.connectors.stand_in import TOKEN
from tests.helpers import audit_entries, rows, staff_client


def test_an_admin_adds_sp4n_lapor_and_the_token_is_never_shown_or_audited(app, admin):
    page = admin.get("/admin/penghubung").get_data(as_text=True)
    assert "Penghubung" in page and "SP4N-LAPOR!" in page and "judul" in page  # the LAPOR! defaults
    response = admin.post("/admin/penghubung", data=endpoint_form(admin, "/admin/penghubung"))
    assert response.status_code == 302
    [endpoint] = rows(app, ConnectorEndpoint)
    assert endpoint.token_encrypted and TOKEN not in endpoint.token_encrypted
    assert endpoint.token_hint == TOKEN[-4:]
    assert endpoint.final_statuses == ["Selesai", "Ditutup"] and endpoint.field_mapping["judul"] == "title"
    [entry] = audit_entries(app, resource_type="connector_endpoint")
    assert entry.action == "create" and TOKEN not in json.dumps([entry.before, entry.after, entry.detail])
    assert entry.after["token"] == "…" + TOKEN[-4:]
    for url in ("/admin/penghubung", f"/admin/penghubung/{endpoint.id}"):
        assert TOKEN not in admin.get(url).get_data(as_text=True)


def test_editing_without_a_token_keeps_the_stored_one_and_audits_before_and_after(app, admin):
    admin.post("/admin/penghubung", data=endpoint_form(admin, "/admin/penghubung"))
    [endpoint] = rows(app, ConnectorEndpoint)
    url = f"/admin/penghubung/{endpoint.id}"
    response = admin.post(
        url, data=endpoint_form(admin, url, token="", active=None, base_url="https://lapor.example/api")
    )
    assert response.status_code == 302
    [changed] = rows(app, ConnectorEndpoint)
    assert changed.token_encrypted == endpoint.token_encrypted and not changed.active
    entry = audit_entries(app, resource_type="connector_endpoint")[-1]
    assert entry.action == "update" and entry.before["active"] is True and entry.after["active"] is False
    assert entry.after["base_url"] == "https://lapor.example/api"
    assert TOKEN not in json.dumps([entry.before, entry.after])


def test_a_mapping_can_only_name_the_attributes_on_offer(app, admin):
    for mapping in (
        '{"nik": "nik"}',
        '{"telepon": "citizen.phone"}',
        "bukan json",
        '{"source": "title"}',
        '{"a": ["title"]}',
        "[]",
    ):
        response = admin.post(
            "/admin/penghubung", data=endpoint_form(admin, "/admin/penghubung", field_mapping=mapping)
        )
        assert response.status_code == 422, mapping
        assert "atribut tiket" in response.get_data(as_text=True)
    response = admin.post("/admin/penghubung", data=endpoint_form(admin, "/admin/penghubung", base_url="ftp://x"))
    assert response.status_code == 422
    assert rows(app, ConnectorEndpoint) == []


def test_only_admins_reach_the_screen_and_find_it_from_the_menu(app, admin):
    assert 'href="/admin/"' in admin.get("/petugas/").get_data(as_text=True)
    assert "/admin/penghubung" in admin.get("/admin/").get_data(as_text=True)
    officer = staff_client(app, "pupr")
    assert "/admin/" not in officer.get("/petugas/").get_data(as_text=True)
    assert officer.get("/admin/penghubung").status_code == 403
    assert admin.get("/admin/penghubung/" + "9" * 30).status_code == 404  # never an overflow (500)
