"""The citizen sees the reward band (an answer within 10 minutes) and whether it was met: on the public
status page, on their own report's page, and in the message that tells them of the first answer."""

from __future__ import annotations

from datetime import timedelta

from suite.extensions import db
from tests.conftest import csrf_token
from tests.helpers import (
    citizen_client,
    get_ticket,
    lorong_fields,
    outbox,
    set_ticket,
    staff_client,
    staff_photo,
    staff_post,
    submit,
    ticket_code_from,
)

PUBLIC = "/lacak/{code}"
OWN = "/laporan-saya/{code}"


def sms_citizen(app):
    citizen = citizen_client(app)
    with app.app_context():
        from suite.identity.models import Citizen

        db.session.get(Citizen, citizen.citizen_id).preferred_channel = "sms"
        db.session.commit()
    return citizen


def report(citizen, minutes_ago: int = 0, **fields) -> str:
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y", **fields)))
    if minutes_ago:
        app = citizen.application
        ticket = get_ticket(app, code)
        set_ticket(
            app,
            code,
            created_at=ticket.created_at - timedelta(minutes=minutes_ago),
            first_response_due_at=ticket.first_response_due_at - timedelta(minutes=minutes_ago),
        )
    return code


def reply(officer, code, body="Akan kami tambal minggu ini."):
    assert staff_post(officer, code, "tanggapan", {"body": body, "visibility": "public"}).status_code == 302


def sms_texts(app, citizen, code):
    return [m.body for m in outbox(app) if m.channel == "sms" and m.ticket_id and m.citizen_id == citizen.citizen_id]


def both_pages(app, citizen, code) -> tuple[str, str]:
    public = app.test_client().get(PUBLIC.format(code=code)).get_data(as_text=True)
    own = citizen.get(OWN.format(code=code)).get_data(as_text=True)
    return public, own


def test_an_answer_within_ten_minutes_is_shown_and_told_as_in_the_reward_band(app):
    citizen, officer = sms_citizen(app), staff_client(app, "pupr")
    code = report(citizen, minutes_ago=7)
    for page in both_pages(app, citizen, code):
        assert "Target penghargaan: ditanggapi dalam 10 menit" in page

    reply(officer, code)

    for page in both_pages(app, citizen, code):
        assert "Instansi menanggapi dalam 7 menit." in page
        assert "Masuk target penghargaan (paling lama 10 menit)" in page
    [first] = [t for t in sms_texts(app, citizen, code) if "Tanggapan" in t]
    assert "ditanggapi dalam 7 menit, masuk target penghargaan (paling lama 10 menit)" in first
    assert "Akan kami tambal minggu ini." in first

    reply(officer, code, "Tim sudah dijadwalkan.")  # later answers do not repeat it

    later = [t for t in sms_texts(app, citizen, code) if "Tim sudah dijadwalkan." in t]
    assert len(later) == 1 and "penghargaan" not in later[0]


def test_a_slower_answer_is_shown_and_told_as_outside_the_reward_band(app):
    citizen, officer = sms_citizen(app), staff_client(app, "pupr")
    code = report(citizen, minutes_ago=180)
    for page in both_pages(app, citizen, code):
        assert "Target penghargaan 10 menit sudah terlewati" in page

    reply(officer, code)

    for page in both_pages(app, citizen, code):
        assert "Instansi menanggapi dalam 3 jam." in page and "Memenuhi target (2 hari)" in page
        assert "Tidak masuk target penghargaan 10 menit" in page
    [first] = [t for t in sms_texts(app, citizen, code) if "Tanggapan" in t]
    assert "ditanggapi dalam 3 jam, tidak masuk target penghargaan 10 menit" in first


def test_a_status_change_with_a_note_as_first_answer_tells_the_band_too(app):
    citizen, officer = sms_citizen(app), staff_client(app, "pupr")
    code = report(citizen, minutes_ago=4)

    assert staff_post(officer, code, "status", {"status": "verified", "note": "Sudah kami cek."}).status_code == 302

    [news] = [t for t in sms_texts(app, citizen, code) if "Sudah kami cek." in t]
    assert "Ditanggapi dalam 4 menit, masuk target penghargaan (paling lama 10 menit)." in news
    assert staff_photo(officer, code).status_code == 302
    assert staff_post(officer, code, "status", {"status": "in_progress"}).status_code == 302
    assert all("penghargaan" not in t for t in sms_texts(app, citizen, code) if "Sudah kami cek." not in t)


def test_the_first_answer_wording_is_an_admin_text_that_must_keep_the_band(app):
    admin = staff_client(app, None, role="admin")
    url = "/admin/teks-pesan/first_answer/id"
    page = admin.get(url).get_data(as_text=True)
    assert "Tanggapan untuk laporan {code} ({sla}): {body}" in page

    def save(body):
        return admin.post(url, data={"csrf_token": csrf_token(admin, url), "body": body, "action": "save"})

    assert save("Jawaban {code}: {body}").status_code == 422  # without {sla}
    assert save("Jawaban pertama {code} ({sla}): {body}").status_code == 302
    citizen, officer = sms_citizen(app), staff_client(app, "pupr")
    code = report(citizen, minutes_ago=2)
    reply(officer, code)
    assert any(
        t.endswith(
            "Jawaban pertama " + code + " (ditanggapi dalam 2 menit, masuk target penghargaan "
            "(paling lama 10 menit)): Akan kami tambal minggu ini."
        )
        for t in sms_texts(app, citizen, code)
    )
