"""What the security review of issue 12 found, fixed: links in messages never take a host from the
request, Dinas Kesehatan stays at the top of its tree, a removed admin's invitations die with them,
an unknown agency is an error (never "regency-wide"), NIKs in agency and invitee names are masked,
and no id in a URL is a 500."""

from __future__ import annotations

from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Agency, Staff
from tests.conftest import csrf_token
from tests.helpers import agency_id, gen_staff, outbox, staff_client
from tests.test_admin_agencies import current_form, post_edit
from tests.test_staff_invitations import invited_link, set_password, staff_row

NIK = "3528014704950004"


def test_a_request_naming_another_host_is_refused_before_any_link_is_built(app):
    staff_id, email = gen_staff(app, "pupr")
    client = app.test_client()
    token = csrf_token(client, "/petugas/lupa-sandi")
    response = client.post(
        "/petugas/lupa-sandi", data={"csrf_token": token, "identifier": email}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    forwarded = client.get("/", headers={"X-Forwarded-Host": "evil.example", "Host": "evil.example"})
    assert forwarded.status_code == 400
    assert not any("evil.example" in (m.body or "") for m in outbox(app, email))


def test_links_in_messages_use_the_public_address_when_set(app):
    staff_id, email = gen_staff(app, "pupr")
    saved = app.config["PUBLIC_URL"], app.config["TRUSTED_HOSTS"]
    app.config.update(PUBLIC_URL="https://layanan.contoh.go.id", TRUSTED_HOSTS=[*saved[1], "layanan.contoh.go.id"])
    try:
        client = app.test_client()
        token = csrf_token(client, "/petugas/lupa-sandi")
        client.post("/petugas/lupa-sandi", data={"csrf_token": token, "identifier": email})
    finally:
        app.config.update(PUBLIC_URL=saved[0], TRUSTED_HOSTS=saved[1])
    [message] = [m for m in outbox(app, email) if m.purpose == "password_reset"]
    assert "https://layanan.contoh.go.id/petugas/atur-ulang-sandi/" in message.body
    assert "http://localhost" not in message.body


def test_dinas_kesehatan_cannot_be_put_under_another_agency(app):
    admin = staff_client(app, None, "admin")
    dinkes = agency_id(app, "dinkes")
    form = current_form(app, "dinkes")
    form["parent_id"] = str(agency_id(app, "pupr"))
    response = post_edit(admin, dinkes, **form)
    assert response.status_code == 422 and "tetap instansi utama" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Agency, dinkes).parent_id is None


def test_an_unknown_parent_is_refused_not_read_as_top_level(app):
    admin = staff_client(app, None, "admin")
    unit = agency_id(app, "pupr")
    form = current_form(app, "pupr")
    for parent in ("2147483647", "99999999999999"):
        response = post_edit(admin, unit, **{**form, "parent_id": parent})
        assert response.status_code == 422, parent


def test_invitations_of_an_admin_switched_off_no_longer_work(app):
    first = staff_client(app, None, "admin")
    second = staff_client(app, None, "admin")
    link = invited_link(first, role="admin", agency_id="", module_codes=[])
    url = f"/admin/petugas/{first.staff_id}/aktif"
    assert second.post(url, data={"csrf_token": csrf_token(second, "/admin/petugas"), "active": "0"}).status_code in (
        302,
        303,
    )
    invitee = app.test_client()
    assert invitee.get(link).status_code == 410
    set_password(invitee)
    assert staff_row(app) is None


def test_an_unknown_agency_never_makes_an_account_regency_wide(app):
    admin = staff_client(app, None, "admin")
    staff_id, email = gen_staff(app, "pupr", "supervisor")
    url = f"/admin/petugas/{staff_id}"
    for bogus in ("999999", "123456789012"):
        response = admin.post(
            url, data={"csrf_token": csrf_token(admin, url), "role": "supervisor", "agency_id": bogus}
        )
        assert response.status_code == 422, bogus
    assert staff_row(app, email).agency_id == agency_id(app, "pupr")
    response = admin.post(
        "/admin/petugas/undang",
        data={
            "csrf_token": csrf_token(admin, "/admin/petugas"),
            "email": "baru@pamekasankab.go.id",
            "full_name": "Petugas Baru",
            "role": "supervisor",
            "agency_id": "123456789",
        },
    )
    assert response.status_code == 422


def test_nik_in_agency_and_invitee_names_is_masked(app):
    admin = staff_client(app, None, "admin")
    form = current_form(app, "pupr")
    assert post_edit(admin, agency_id(app, "pupr"), **{**form, "name": f"Dinas PUPR {NIK}"}).status_code in (302, 303)
    with app.app_context():
        name = db.session.execute(select(Agency.name).where(Agency.code == "pupr")).scalar_one()
        assert NIK not in name and "[NIK]" in name
    link = invited_link(admin, full_name=f"Siti {NIK}")
    invitee = app.test_client()
    invitee.get(link)
    set_password(invitee)
    with app.app_context():
        names = db.session.execute(select(Staff.full_name)).scalars().all()
    assert not any(NIK in n for n in names)


def test_huge_ids_in_old_admin_and_staff_urls_are_404(app):
    admin = staff_client(app, None, "admin")
    huge = "9" * 30
    for path in (f"/admin/target/{huge}", f"/layanan/babhar/petugas/ibu/{huge}"):
        assert admin.get(path).status_code == 404, path
