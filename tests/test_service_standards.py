"""Service standards as data (issue 12, item 4): seeded from each module's code default without
overwriting admins' edits, edited by admins in both languages (validated, audited with before and
after), overridden per category, and published on the module chooser, the intake form and a public
page whose times are the response-time targets the suite measures."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete

from suite.extensions import db
from suite.sla.models import SlaTarget
from suite.standards.models import COLUMNS, ServiceStandardRecord
from suite.standards.seeding import seed_standards
from tests.conftest import csrf_token
from tests.helpers import audit_entries, citizen_client, make_nik, staff_client


@pytest.fixture(autouse=True)
def fresh_standards(app):
    """service_standards is kept between tests (seeded reference data): put the seed back after each."""
    yield
    with app.app_context():
        db.session.execute(delete(ServiceStandardRecord))
        seed_standards()
        db.session.commit()


def _row(app, module: str, category: str = "") -> ServiceStandardRecord:
    with app.app_context():
        row = db.session.query(ServiceStandardRecord).filter_by(module=module, category=category).one()
        db.session.expunge(row)
        return row


def _form(client, url: str, row: ServiceStandardRecord | None = None, **changes) -> dict:
    data = {name: getattr(row, name) if row is not None else "" for name in COLUMNS}
    data.update(changes)
    data["csrf_token"] = csrf_token(client, url)
    return data


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_seed_writes_every_module_in_both_languages_once(app, runner):
    lorong = _row(app, "lorong")
    assert "Akun warga dengan NIK" in lorong.requirements_id and "NIK" in lorong.requirements_en
    assert lorong.cost_id == "Gratis" and lorong.cost_en and lorong.cost_en != "Gratis"
    assert "UU 38/2004" in lorong.legal_basis_id and "Permenpan RB 15/2014" in lorong.legal_basis_id
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0 and "0 service standards added" in result.output
    with app.app_context():
        assert db.session.query(ServiceStandardRecord).count() == 4  # one per enabled module


def test_an_admin_edit_is_audited_and_survives_the_seed(app, runner):
    admin = staff_client(app, None, "admin")
    row = _row(app, "lorong")
    url = f"/admin/standar-pelayanan/{row.id}"
    response = admin.post(url, data=_form(admin, url, row, cost_id="Gratis, tanpa pungutan", cost_en="Free, no fees"))
    assert response.status_code == 302, response.get_data(as_text=True)

    assert runner.invoke(args=["seed"]).exit_code == 0
    assert "Gratis, tanpa pungutan" in _text(app.test_client().get("/standar-pelayanan/lorong"))
    (entry,) = audit_entries(app, action="update", resource_type="service_standard")
    assert (entry.detail, entry.before, entry.after) == (
        "lorong",
        {"cost_id": "Gratis", "cost_en": row.cost_en},
        {"cost_id": "Gratis, tanpa pungutan", "cost_en": "Free, no fees"},
    )


def test_a_module_standard_needs_every_component_in_both_languages(app):
    admin = staff_client(app, None, "admin")
    row = _row(app, "sehat")
    url = f"/admin/standar-pelayanan/{row.id}"
    refused = _form(admin, url, row, requirements_id="", product_en="", legal_basis_id="x\n" * 21)
    response = admin.post(url, data=refused)
    page = _text(response)
    assert response.status_code == 422
    assert "Wajib diisi." in page and "Isi juga dalam bahasa Inggris." in page and "Paling banyak 20 baris." in page
    assert _row(app, "sehat").requirements_id == row.requirements_id  # nothing saved
    assert audit_entries(app, resource_type="service_standard") == []


def test_officers_and_supervisors_are_refused(app):
    row = _row(app, "lorong")
    for role in ("officer", "supervisor"):
        client = staff_client(app, "pupr", role)
        assert client.get("/admin/standar-pelayanan").status_code == 403
        assert client.get(f"/admin/standar-pelayanan/{row.id}").status_code == 403


def test_a_category_standard_overrides_only_what_it_fills(app):
    admin = staff_client(app, None, "admin")
    url = "/admin/standar-pelayanan"
    response = admin.post(
        url,
        data=_form(
            admin,
            url,
            target="lorong.penerangan",
            requirements_id="Nomor tiang lampu\nAkun warga dengan NIK",
            requirements_en="Lamp post number\nA citizen account with NIK",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    (entry,) = audit_entries(app, action="create", resource_type="service_standard")
    assert entry.detail == "lorong.penerangan" and entry.after["requirements_id"].startswith("Nomor tiang")

    page = _text(app.test_client().get("/standar-pelayanan/lorong"))
    category_part = page[page.index("Kategori: Lampu penerangan jalan") :]
    assert "Nomor tiang lampu" in category_part and "Gratis" in category_part  # cost from the module
    assert "Nomor tiang lampu" not in page[: page.index("Kategori: Lampu penerangan jalan")]

    again = admin.post(url, data=_form(admin, url, target="lorong.penerangan", cost_id="Rp 0", cost_en="Rp 0"))
    assert again.status_code == 422  # one standard per category (and it is no longer offered)
    unknown = admin.post(url, data=_form(admin, url, target="lorong.tidak-ada", cost_id="Rp 0", cost_en="Rp 0"))
    assert unknown.status_code == 422 and "Kategori tidak dikenal" in _text(unknown)
    empty = admin.post(url, data=_form(admin, url, target="lorong.jalan"))
    assert empty.status_code == 422 and "Isi paling sedikit satu komponen" in _text(empty)

    row = _row(app, "lorong", "penerangan")
    delete_url = f"/admin/standar-pelayanan/{row.id}/hapus"
    assert admin.post(delete_url, data={"csrf_token": csrf_token(admin, url)}).status_code == 302
    assert "Nomor tiang lampu" not in _text(app.test_client().get("/standar-pelayanan/lorong"))
    (deleted,) = audit_entries(app, action="delete", resource_type="service_standard")
    assert deleted.before["requirements_id"].startswith("Nomor tiang")
    module_row = _row(app, "lorong")
    refused = admin.post(f"/admin/standar-pelayanan/{module_row.id}/hapus", data={"csrf_token": csrf_token(admin, url)})
    assert refused.status_code == 302 and _row(app, "lorong").id == module_row.id  # a module's row stays


def test_the_public_page_shows_every_component_without_signing_in(app):
    page = _text(app.test_client().get("/standar-pelayanan"))
    for service in ("e-Lorong", "e-Sehat", "e-Babhar", "e-Madul"):
        assert service in page
    for component in (
        "Persyaratan",
        "Sistem, mekanisme dan prosedur",
        "Jangka waktu pelayanan",
        "Biaya/tarif",
        "Produk pelayanan",
        "Penanganan pengaduan, saran dan masukan",
        "Dasar hukum",
    ):
        assert component in page
    assert 'href="/standar-pelayanan"' in _text(app.test_client().get("/"))  # the footer
    assert app.test_client().get("/standar-pelayanan/tidak-ada").status_code == 404


def test_the_time_shown_is_the_response_time_target(app):
    assert "Tanggapan pertama paling lama 2 hari; penyelesaian paling lama 5 hari" in _text(
        app.test_client().get("/standar-pelayanan/madul")
    )
    sehat = _text(app.test_client().get("/standar-pelayanan/sehat"))
    assert "Berbeda untuk kategori:" in sehat and "Tanggapan pertama paling lama 15 menit" in sehat  # the ambulance
    with app.app_context():
        one_day = SlaTarget(module="madul", category=None, first_response_minutes=24 * 60, resolution_minutes=7200)
        db.session.add(one_day)
        db.session.commit()
    try:
        page = _text(app.test_client().get("/standar-pelayanan/madul"))
        assert "Tanggapan pertama paling lama 1 hari; penyelesaian paling lama 5 hari" in page
    finally:
        with app.app_context():
            db.session.execute(delete(SlaTarget).where(SlaTarget.module == "madul", SlaTarget.category.is_(None)))
            db.session.commit()


def test_the_chooser_and_the_intake_form_show_the_standard(app):
    home = _text(app.test_client().get("/"))
    assert 'href="/standar-pelayanan/lorong"' in home and "Waktu layanan:" in home
    citizen = citizen_client(app)
    intake = _text(citizen.get("/layanan/madul/lapor"))
    summary = intake[intake.index("Standar pelayanan e-Madul") :]
    assert "Akun warga dengan NIK" in summary  # requirements
    assert "Tanggapan pertama paling lama 2 hari" in summary  # time
    assert "Gratis" in summary and "SP4N-LAPOR!" in summary  # cost, complaint channel
    assert "Standar pelayanan e-Babhar" in _text(citizen_client(app, sex="F").get("/layanan/babhar/lapor"))


def test_english_readers_get_the_english_standard(app):
    client = app.test_client()
    client.post("/bahasa", data={"lang": "en", "csrf_token": csrf_token(client, "/")})
    row = _row(app, "lorong")
    page = _text(client.get("/standar-pelayanan/lorong"))
    first_requirement_en, first_requirement_id = row.requirements_en.split("\n")[0], row.requirements_id.split("\n")[0]
    assert first_requirement_en != first_requirement_id  # an existing msgid, translated in the catalogue
    assert first_requirement_en in page and first_requirement_id not in page


def test_a_nik_typed_into_a_standard_is_redacted(app):
    admin = staff_client(app, None, "admin")
    row = _row(app, "madul")
    url = f"/admin/standar-pelayanan/{row.id}"
    nik = make_nik()
    response = admin.post(url, data=_form(admin, url, row, cost_id=f"Gratis (contoh {nik})"))
    assert response.status_code == 302
    assert nik not in _row(app, "madul").cost_id
