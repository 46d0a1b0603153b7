from datetime import date, timedelta

from sqlalchemy import select

from suite.extensions import db
from suite.ticketing.models import Ticket
from tests.conftest import csrf_token
from tests.helpers import gen_citizen, gen_staff, login_citizen, login_staff, submit, ticket_code_from


def pregnancy_fields(**overrides):
    fields = {
        "last_period_date": (date.today() - timedelta(days=70)).isoformat(),
        "gravida": "2",
        "para": "1",
        "abortus": "0",
        "consent": "y",
        "description": "",
    }
    fields.update(overrides)
    return fields


def mother(app, **kwargs):
    client = app.test_client()
    _, nik, _ = gen_citizen(app, sex="F", **kwargs)
    login_citizen(client, nik)
    return client, nik


def test_mother_registers_and_sees_her_due_date(app):
    client, _ = mother(app)
    hpht = date.today() - timedelta(days=70)
    response = submit(client, "babhar", pregnancy_fields(last_period_date=hpht.isoformat()))
    assert response.status_code == 302, response.get_data(as_text=True)
    code = ticket_code_from(response)
    assert code.startswith("BBH-")
    page = client.get("/layanan/babhar/kehamilan-saya").get_data(as_text=True)
    due = hpht + timedelta(days=280)
    assert "10 minggu 0 hari" in page and str(due.year) in page and "Puskesmas Tlanakan" in page
    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        # Routed to the puskesmas of her kecamatan (Tlanakan), always confidential.
        assert ticket.agency.kind == "puskesmas" and ticket.agency.kecamatan_code == "35.28.01"
        assert ticket.visibility == "confidential"


def test_public_status_page_shows_no_health_detail(app):
    client, _ = mother(app)
    code = ticket_code_from(submit(client, "babhar", pregnancy_fields()))
    public = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "kehamilan" not in public.lower() and "Puskesmas" not in public


def test_a_man_cannot_register_a_pregnancy(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app, sex="M")
    login_citizen(client, nik)
    response = client.get("/layanan/babhar/lapor", follow_redirects=True)
    assert "NIK yang terdaftar bukan NIK perempuan" in response.get_data(as_text=True)


def test_registration_without_consent_is_refused(app):
    client, _ = mother(app)
    fields = pregnancy_fields()
    del fields["consent"]
    response = submit(client, "babhar", fields)
    assert response.status_code == 422
    assert "Persetujuan wajib diberikan" in response.get_data(as_text=True)


def test_impossible_dates_and_obstetric_formula_are_refused(app):
    client, _ = mother(app)
    future = submit(client, "babhar", pregnancy_fields(last_period_date=(date.today() + timedelta(days=3)).isoformat()))
    assert future.status_code == 422 and "HPHT tidak boleh di masa depan" in future.get_data(as_text=True)
    formula = submit(client, "babhar", pregnancy_fields(gravida="1", para="1"))
    assert formula.status_code == 422 and "harus kurang dari jumlah kehamilan" in formula.get_data(as_text=True)


def test_a_midwife_registers_a_pregnancy_for_a_mother(app):
    _, nik, _ = gen_citizen(app, sex="F")
    _, email = gen_staff(app, "pkm-tlanakan")
    midwife = app.test_client()
    login_staff(midwife, email)
    token = csrf_token(midwife, "/layanan/babhar/petugas/daftar")
    response = midwife.post(
        "/layanan/babhar/petugas/daftar", data={"csrf_token": token, "mother_nik": nik, **pregnancy_fields()}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert midwife.get(response.headers["Location"]).status_code == 200


def test_health_record_is_closed_to_public_works_and_to_a_regency_wide_supervisor(app):
    client, _ = mother(app)
    code = ticket_code_from(submit(client, "babhar", pregnancy_fields()))
    for agency, role in (("pupr", "officer"), (None, "supervisor"), ("pkm-pasean", "officer")):
        _, email = gen_staff(app, agency, role)
        outsider = app.test_client()
        login_staff(outsider, email)
        assert outsider.get(f"/petugas/tiket/{code}").status_code == 403, (agency, role)
        assert code not in outsider.get("/petugas/").get_data(as_text=True)
    for agency, role in (("pkm-tlanakan", "officer"), ("dinkes", "supervisor")):
        _, email = gen_staff(app, agency, role)
        insider = app.test_client()
        login_staff(insider, email)
        assert insider.get(f"/petugas/tiket/{code}").status_code == 200, (agency, role)
