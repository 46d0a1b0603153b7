"""Staff sign in, work their agency's queue and act on tickets through the one state machine."""

import re

from sqlalchemy import select

from suite.extensions import db
from suite.ticketing.models import Ticket
from tests.conftest import csrf_token
from tests.helpers import (
    gen_citizen,
    gen_staff,
    login_citizen,
    login_staff,
    lorong_fields,
    staff_client,
    staff_photo,
    submit,
    ticket_code_from,
)
from tests.helpers import staff_post as post


def road_ticket(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app)
    login_citizen(client, nik)
    return ticket_code_from(submit(client, "lorong", lorong_fields())), client, nik


def test_staff_sign_in_is_refused_with_a_wrong_password(app, client):
    _, email = gen_staff(app, "pupr")
    token = csrf_token(client, "/petugas/masuk")
    response = client.post("/petugas/masuk", data={"csrf_token": token, "email": email, "password": "x"})
    assert response.status_code == 422 and "Email atau kata sandi salah" in response.get_data(as_text=True)


def test_queue_shows_own_agency_tickets_only(app):
    code, _, _ = road_ticket(app)
    pupr = staff_client(app, "pupr")
    dlh = staff_client(app, "dlh")
    assert code in pupr.get("/petugas/").get_data(as_text=True)
    assert code not in dlh.get("/petugas/").get_data(as_text=True)
    assert code in pupr.get("/petugas/?module=lorong&kecamatan=35.28.01").get_data(as_text=True)
    assert code not in pupr.get("/petugas/?kecamatan=35.28.13").get_data(as_text=True)


def test_reply_and_internal_note_reach_the_right_eyes(app):
    code, citizen, nik = road_ticket(app)
    pupr = staff_client(app, "pupr")
    assert (
        post(pupr, code, "tanggapan", {"body": "Tim akan survei besok pagi.", "visibility": "public"}).status_code
        == 302
    )
    assert (
        post(
            pupr, code, "tanggapan", {"body": "Anggaran pemeliharaan tinggal sedikit.", "visibility": "internal"}
        ).status_code
        == 302
    )
    staff_page = pupr.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Tim akan survei" in staff_page and "Anggaran pemeliharaan" in staff_page
    assert nik not in staff_page and nik[:4] + "**********" + nik[-2:] in staff_page  # NIK masked
    for page in (citizen.get(f"/laporan-saya/{code}"), app.test_client().get(f"/lacak/{code}")):
        text = page.get_data(as_text=True)
        assert "Tim akan survei" in text and "Anggaran pemeliharaan" not in text


def test_status_walks_the_lifecycle_and_every_change_is_on_the_timeline(app):
    code, _, _ = road_ticket(app)
    pupr = staff_client(app, "pupr")
    assert staff_photo(pupr, code).status_code == 302  # a road is resolved with an after photo
    for target in ("verified", "in_progress", "resolved", "closed"):
        assert post(pupr, code, "status", {"status": target, "note": ""}).status_code == 302
    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        assert ticket.status == "closed"
        assert [(e.from_status, e.to_status) for e in ticket.events if e.kind == "status_changed"] == [
            ("submitted", "verified"),
            ("verified", "in_progress"),
            ("in_progress", "resolved"),
            ("resolved", "closed"),
        ]
    public = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Status: Sudah diperbaiki" in public and "Status: Ditutup" in public  # e-Lorong's wording


def test_illegal_state_change_is_refused_with_a_clear_message(app):
    code, _, _ = road_ticket(app)
    pupr = staff_client(app, "pupr")
    response = post(pupr, code, "status", {"status": "closed"})
    assert response.status_code == 409
    assert "Status tidak dapat diubah dari &#34;Diterima&#34; ke &#34;Ditutup&#34;" in response.get_data(
        as_text=True
    ) or "Status tidak dapat diubah dari" in response.get_data(as_text=True)
    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        assert ticket.status == "submitted" and len(ticket.events) == 1


def test_rejection_needs_a_reason(app):
    code, _, _ = road_ticket(app)
    pupr = staff_client(app, "pupr")
    response = post(pupr, code, "status", {"status": "rejected", "note": ""})
    assert response.status_code == 409 and "Alasan penolakan wajib diisi" in response.get_data(as_text=True)
    assert (
        post(
            pupr, code, "status", {"status": "rejected", "note": "Lokasi sudah diperiksa: jalan dalam kondisi baik."}
        ).status_code
        == 302
    )


def test_staff_of_another_agency_cannot_open_a_confidential_ticket(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app)
    login_citizen(client, nik)
    code = ticket_code_from(
        submit(
            client,
            "madul",
            {"category": "misconduct", "confidential": "y", "description": "Petugas meminta uang untuk tanda tangan."},
        )
    )
    outsider = staff_client(app, "pupr")
    assert outsider.get(f"/petugas/tiket/{code}").status_code == 403
    token = csrf_token(outsider, "/petugas/")
    acted = outsider.post(f"/petugas/tiket/{code}/status", data={"csrf_token": token, "status": "verified"})
    assert acted.status_code == 403
    inspector = staff_client(app, "inspektorat")
    page = inspector.get(f"/petugas/tiket/{code}")
    assert page.status_code == 200 and "meminta uang" in page.get_data(as_text=True)


def test_anonymous_report_hides_the_reporter_from_the_agency(app):
    client = app.test_client()
    _, nik, _ = gen_citizen(app)
    login_citizen(client, nik)
    code = ticket_code_from(
        submit(
            client,
            "madul",
            {"category": "waste", "anonymous": "y", "description": "Pembuangan limbah ke sungai tiap malam."},
        )
    )
    page = staff_client(app, "dlh").get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Anonim" in page and "Warga Uji" not in page and nik[-2:] + "<" not in page


def test_assignment_is_recorded(app):
    code, _, _ = road_ticket(app)
    officer_id, email = gen_staff(app, "pupr")
    pupr = app.test_client()
    login_staff(pupr, email)
    assert post(pupr, code, "tugaskan", {"assignee": str(officer_id)}).status_code == 302
    assert code in pupr.get("/petugas/?mine=1").get_data(as_text=True)
    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        assert ticket.assignee_id == officer_id and ticket.events[-1].kind == "assigned"


def test_citizen_pages_are_not_for_staff_and_staff_pages_not_for_citizens(app):
    code, citizen, _ = road_ticket(app)
    assert citizen.get("/petugas/").status_code == 403
    assert re.search("/petugas/masuk", app.test_client().get("/petugas/").headers["Location"])
