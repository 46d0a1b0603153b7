"""After the answer: the citizen sees how long it took, rates it, or reopens it within 7 days."""

from datetime import timedelta

from tests.helpers import (
    citizen_client,
    citizen_post,
    get_ticket,
    lorong_fields,
    set_ticket,
    staff_client,
    staff_photo,
    staff_post,
    submit,
    ticket_code_from,
)


def resolved_ticket(app):
    citizen = citizen_client(app)
    officer = staff_client(app, "pupr")
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    assert staff_photo(officer, code).status_code == 302  # a road is resolved with an after photo
    for target in ("verified", "in_progress", "resolved"):
        assert staff_post(officer, code, "status", {"status": target}).status_code == 302
    return code, citizen, officer


def rate(citizen, code, score, comment=""):
    return citizen_post(
        citizen,
        f"/laporan-saya/{code}/nilai",
        {"score": str(score), "comment": comment},
        token_from=f"/laporan-saya/{code}",
    )


def test_rating_is_refused_before_resolution(app):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    response = rate(citizen, code, 5)
    assert response.status_code == 409
    assert "setelah laporan selesai" in response.get_data(as_text=True)


def test_citizen_rates_once_after_resolution(app):
    code, citizen, officer = resolved_ticket(app)
    assert rate(citizen, code, 4, "Cepat, terima kasih.").status_code == 302
    assert "4/5" in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert rate(citizen, code, 1).status_code == 409
    assert rate(citizen, code, 9).status_code == 422  # out of range


def test_only_the_reporter_can_rate(app):
    code, _, _ = resolved_ticket(app)
    stranger = citizen_client(app, sex="M")
    assert rate(stranger, "LRG-0000-0000", 5).status_code in (400, 404)
    token_page = stranger.get("/laporan-saya")
    assert token_page.status_code == 200
    assert stranger.get(f"/laporan-saya/{code}").status_code == 404


def test_reopen_within_seven_days_returns_it_to_the_agency_and_counts(app):
    code, citizen, officer = resolved_ticket(app)
    response = citizen_post(
        citizen,
        f"/laporan-saya/{code}/buka-kembali",
        {"reason": "Lubangnya muncul lagi."},
        token_from=f"/laporan-saya/{code}",
    )
    assert response.status_code == 302
    ticket = get_ticket(app, code)
    assert ticket.status == "in_progress" and ticket.reopen_count == 1
    assert "Dibuka kembali oleh pelapor" in app.test_client().get(f"/lacak/{code}").get_data(as_text=True)


def test_reopen_after_seven_days_is_refused(app):
    code, citizen, _ = resolved_ticket(app)
    set_ticket(app, code, resolved_at=get_ticket(app, code).resolved_at - timedelta(days=8))
    page = citizen.get(f"/laporan-saya/{code}").get_data(as_text=True)
    assert "Buka kembali" not in page
    response = citizen_post(
        citizen, f"/laporan-saya/{code}/buka-kembali", {"reason": "Masih rusak."}, token_from=f"/laporan-saya/{code}"
    )
    assert response.status_code == 409 and "Batas 7 hari" in response.get_data(as_text=True)


def test_status_page_says_how_long_the_answer_took_and_whether_it_met_the_target(app):
    citizen = citizen_client(app)
    officer = staff_client(app, "pupr")
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    waiting = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Belum ditanggapi" in waiting and "Target tanggapan: 2 hari" in waiting
    ticket = get_ticket(app, code)
    set_ticket(app, code, created_at=ticket.created_at - timedelta(hours=3))
    staff_post(officer, code, "tanggapan", {"body": "Akan kami tambal minggu ini.", "visibility": "public"})
    answered = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Instansi menanggapi dalam 3 jam" in answered and "Memenuhi target" in answered
    late = ticket_code_from(
        submit(citizen, "lorong", lorong_fields(not_duplicate="y", description="Jembatan kayu lapuk."))
    )
    late_ticket = get_ticket(app, late)
    set_ticket(
        app,
        late,
        created_at=late_ticket.created_at - timedelta(days=3),
        first_response_due_at=late_ticket.first_response_due_at - timedelta(days=3),
    )
    overdue = app.test_client().get(f"/lacak/{late}").get_data(as_text=True)
    assert "Belum ditanggapi; sudah 3 hari" in overdue and "Melewati target" in overdue
