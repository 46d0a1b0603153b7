"""Data-subject rights under UU 27/2022 (issue 9, item 12): a citizen downloads all their data,
withdraws a consent, and has their personal data erased unless a legal hold applies."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from sqlalchemy import select

from modules.babhar.models import Pregnancy, Visit
from suite.audit.models import AuditEntry
from suite.channels.models import InboundMessage
from suite.extensions import db
from suite.identity.models import Citizen
from suite.privacy.records import PrivacyRequest
from suite.ticketing.attachments import upload_path
from suite.ticketing.models import Attachment, Ticket
from tests.conftest import csrf_token
from tests.helpers import (
    PASSWORD,
    gen_citizen,
    login_citizen,
    lorong_fields,
    register_pregnancy,
    report_danger_sign,
    staff_client,
    submit,
    ticket_code_from,
)
from tests.helpers import photo as _photo

PRIVACY = "/akun/privasi"


def _citizen(app, sex="F"):
    citizen_id, nik, phone = gen_citizen(app, sex=sex)
    client = app.test_client()
    login_citizen(client, nik)
    client.citizen_id, client.nik, client.phone = citizen_id, nik, phone
    return client


def _confirm(client, password=PASSWORD):
    url = f"{PRIVACY}/konfirmasi"
    return client.post(url, data={"csrf_token": csrf_token(client, url), "password": password})


def _register_pregnancy(client) -> str:
    return ticket_code_from(register_pregnancy(client))


def _erase(client, password=PASSWORD, confirm="y"):
    url = f"{PRIVACY}/hapus"
    data = {"csrf_token": csrf_token(client, url), "password": password}
    if confirm:
        data["confirm"] = confirm
    return client.post(url, data=data)


# -- access ------------------------------------------------------------------------------------


def test_the_full_data_opens_only_after_the_password_is_entered_again(app):
    client = _citizen(app)
    for url in (f"{PRIVACY}/data-saya", f"{PRIVACY}/data-saya.json"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/akun/privasi/konfirmasi")
    wrong = _confirm(client, "bukan-sandi-saya")
    assert wrong.status_code == 422 and "Kata sandi salah" in wrong.get_data(as_text=True)
    assert client.get(f"{PRIVACY}/data-saya").status_code == 302
    assert _confirm(client).status_code == 302
    page = client.get(f"{PRIVACY}/data-saya")
    assert page.status_code == 200
    assert client.nik in page.get_data(as_text=True)  # the one page that shows the NIK in full
    assert "no-store" in page.headers["Cache-Control"]


def test_the_download_holds_profile_tickets_events_attachments_ratings_consents_sessions_and_access(app):
    client = _citizen(app)
    code = ticket_code_from(submit(client, "lorong", lorong_fields(), files=[(_photo(), "jalan.jpg")]))
    officer = staff_client(app, "pupr")
    with app.app_context():  # a read the citizen may learn about (as the call centre records one)
        from suite.audit.services import record_read
        from suite.identity.models import Staff

        record_read("ticket", code, staff=db.session.get(Staff, officer.staff_id), detail="call centre")
    _confirm(client)
    response = client.get(f"{PRIVACY}/data-saya.json")
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["phone"] == client.phone
    assert client.nik not in response.get_data(as_text=True)  # masked in the file that may be forwarded
    assert data["profile"]["nik"].startswith(client.nik[:4]) and "*" in data["profile"]["nik"]
    [ticket] = data["tickets"]
    assert ticket["code"] == code and ticket["events"][0]["kind"] == "created"
    assert (ticket["module"], ticket["service"]) == ("lorong", "e-Lorong")  # the name people know (issue 12)
    assert ticket["attachments"][0]["name"] == "jalan.jpg"
    assert {c["key"] for c in data["consents"]} >= {"core:notifications"}
    assert data["sessions"] and data["sessions"][0]["kind"] == "browser"
    assert any(entry["resource"] == f"ticket {code}" and "pupr" in entry["by"].lower() for entry in data["access_log"])
    with app.app_context():
        exports = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.citizen_id == client.citizen_id)
        ).all()
        assert len(exports) == 1
        assert db.session.execute(
            select(PrivacyRequest.kind).where(PrivacyRequest.citizen_id == client.citizen_id)
        ).scalars().all() == ["export"]


def test_the_download_includes_the_mothers_pregnancy_visits_and_danger_signs(app):
    mother = _citizen(app)
    registration = _register_pregnancy(mother)
    _confirm(mother)
    data = mother.get(f"{PRIVACY}/data-saya.json").get_json(force=True)
    [pregnancy] = data["modules"]["babhar"]["pregnancies"]
    assert pregnancy["visits"] and pregnancy["consent_purpose"]
    assert registration in {t["code"] for t in data["tickets"]}
    assert any(c["key"] == f"babhar:pregnancy:{pregnancy['id']}" for c in data["consents"])


def test_privacy_pages_are_for_the_citizen_only(app):
    anonymous = app.test_client()
    for url in (PRIVACY, f"{PRIVACY}/data-saya", f"{PRIVACY}/data-saya.json", f"{PRIVACY}/hapus"):
        assert anonymous.get(url).headers["Location"].startswith("/akun/masuk")
    officer = staff_client(app, "pupr")
    assert officer.get(f"{PRIVACY}/data-saya.json").status_code == 302
    assert "/akun/privasi" not in officer.get(f"{PRIVACY}/data-saya.json").headers["Location"]


# -- consents ----------------------------------------------------------------------------------


def test_a_mother_withdraws_her_pregnancy_consent_and_no_reminder_follows(app):
    from modules.babhar.services import send_reminders

    mother = _citizen(app)
    _register_pregnancy(mother)
    page = mother.get(PRIVACY).get_data(as_text=True)
    assert "tidak diproses lebih lanjut" in page  # what withdrawal means, said before the button
    key = re.search(r"/akun/privasi/persetujuan/(babhar:pregnancy:\d+)/tarik", page).group(1)
    response = mother.post(f"{PRIVACY}/persetujuan/{key}/tarik", data={"csrf_token": csrf_token(mother, PRIVACY)})
    assert response.status_code == 302
    with app.app_context():
        pregnancy = db.session.execute(select(Pregnancy).where(Pregnancy.citizen_id == mother.citizen_id)).scalar_one()
        assert pregnancy.consent_withdrawn_at is not None and pregnancy.visits  # the record stays
        visit = db.session.execute(select(Visit).where(Visit.pregnancy_id == pregnancy.id)).scalars().first()
        visit.due_on = date.today() + timedelta(days=1)
        db.session.commit()
        assert send_reminders() == 0
        withdrawal = db.session.execute(
            select(PrivacyRequest).where(PrivacyRequest.kind == "consent_withdrawal")
        ).scalar_one()
        assert withdrawal.detail == key and withdrawal.created_at is not None
    again = mother.post(f"{PRIVACY}/persetujuan/{key}/tarik", data={"csrf_token": csrf_token(mother, PRIVACY)})
    assert again.status_code == 404  # nothing left to withdraw


def test_withdrawing_the_messaging_consent_stops_sms(app):
    client = _citizen(app)
    with app.app_context():
        db.session.get(Citizen, client.citizen_id).preferred_channel = "sms"
        db.session.commit()
    response = client.post(
        f"{PRIVACY}/persetujuan/core:notifications/tarik", data={"csrf_token": csrf_token(client, PRIVACY)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Citizen, client.citizen_id).preferred_channel == "web"


def test_a_citizen_cannot_withdraw_someone_elses_consent_or_post_without_csrf(app):
    mother = _citizen(app)
    _register_pregnancy(mother)
    with app.app_context():
        pregnancy_id = db.session.execute(select(Pregnancy.id)).scalar_one()
    other = _citizen(app)
    url = f"{PRIVACY}/persetujuan/babhar:pregnancy:{pregnancy_id}/tarik"
    assert other.post(url, data={"csrf_token": csrf_token(other, PRIVACY)}).status_code == 404
    assert mother.post(url, data={}).status_code in (400, 403)
    with app.app_context():
        assert db.session.get(Pregnancy, pregnancy_id).consent_withdrawn_at is None


# -- erasure -----------------------------------------------------------------------------------


def test_erasure_anonymises_the_account_keeps_tickets_deletes_files_and_signs_out_everywhere(app):
    client = _citizen(app)
    other_browser = app.test_client()
    login_citizen(other_browser, client.nik)
    code = ticket_code_from(submit(client, "lorong", lorong_fields(), files=[(_photo(), "rumah.jpg")]))
    with app.app_context():
        stored = db.session.execute(select(Attachment.stored_name)).scalar_one()
        db.session.add(InboundMessage(channel="sms", external_id="gw-1", sender=client.phone, body="LORONG jalan"))
        db.session.commit()
    assert upload_path_for(app, stored).exists()

    assert _erase(client, password="salah-sandi").status_code == 422
    response = _erase(client)
    assert response.status_code == 302

    with app.app_context():
        citizen = db.session.get(Citizen, client.citizen_id)
        assert citizen.erased_at is not None and citizen.full_name == "[dihapus]"
        assert citizen.nik_encrypted is None and citizen.nik_index is None and citizen.email is None
        assert client.phone not in citizen.phone and citizen.birth_date == date(1995, 1, 1)
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        assert ticket.citizen_id == citizen.id and ticket.description  # kept for statistics
        assert db.session.execute(select(Attachment)).first() is None
        assert db.session.execute(select(AuditEntry).where(AuditEntry.action == "erase")).first() is not None
        inbound = db.session.execute(select(InboundMessage)).scalar_one()  # kept to recognise replays
        assert (inbound.sender, inbound.body) == ("", None)
    assert not upload_path_for(app, stored).exists()
    for browser in (client, other_browser):
        assert browser.get("/laporan-saya").status_code == 302  # signed out
    # Neither the NIK nor the phone sign in any more; both may register again.
    page = app.test_client()
    token = csrf_token(page, "/akun/masuk")
    refused = page.post("/akun/masuk", data={"csrf_token": token, "identifier": client.nik, "password": PASSWORD})
    assert refused.status_code != 302
    from suite.identity.services import CitizenRegistration, register_citizen

    with app.app_context():
        again = register_citizen(
            CitizenRegistration(
                client.nik,
                "Siti Aminah",
                date(1995, 4, 7),
                "F",
                client.phone,
                "35.28.01.2001",
                "kata-sandi-baru-panjang",
            )
        )
        db.session.commit()
        assert again.id != client.citizen_id


def upload_path_for(app, stored_name):
    with app.app_context():
        return upload_path(stored_name)


def test_a_staff_legal_hold_stops_erasure_until_released_and_the_request_is_recorded(app, runner):
    client = _citizen(app)
    placed = runner.invoke(
        args=["legal-hold", "place", str(client.citizen_id), "--reason", "Pemeriksaan Inspektorat atas laporan ini"]
    )
    assert placed.exit_code == 0, placed.output
    assert "Pemeriksaan Inspektorat" in client.get(f"{PRIVACY}/hapus").get_data(as_text=True)
    response = _erase(client)
    assert response.status_code == 409
    assert "Pemeriksaan Inspektorat" in response.get_data(as_text=True)
    with app.app_context():
        citizen = db.session.get(Citizen, client.citizen_id)
        assert citizen.erased_at is None and citizen.nik == client.nik
        request = db.session.execute(select(PrivacyRequest).where(PrivacyRequest.kind == "erasure")).scalar_one()
        assert request.status == "refused" and "Inspektorat" in request.detail
    assert client.get("/laporan-saya").status_code == 200  # still signed in
    released = runner.invoke(args=["legal-hold", "release", str(client.citizen_id)])
    assert released.exit_code == 0 and "1 legal holds released" in released.output
    assert _erase(client).status_code == 302
    with app.app_context():
        assert db.session.get(Citizen, client.citizen_id).erased_at is not None


def test_an_open_danger_sign_holds_the_mothers_data(app):
    mother = _citizen(app)
    _register_pregnancy(mother)
    raised = report_danger_sign(mother)
    assert raised.status_code == 302
    response = _erase(mother)
    assert response.status_code == 409
    assert "tanda bahaya" in response.get_data(as_text=True).lower()
    with app.app_context():
        assert db.session.get(Citizen, mother.citizen_id).erased_at is None


def test_erasure_needs_the_password_and_the_confirmation(app):
    client = _citizen(app)
    assert _erase(client, confirm=None).status_code == 422
    with app.app_context():
        assert db.session.get(Citizen, client.citizen_id).erased_at is None
