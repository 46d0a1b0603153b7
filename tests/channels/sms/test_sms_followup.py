"""The end of the journey by SMS: the reporter rates (NILAI) or reopens (BUKA) a finished report
through the real webhook, and nobody else can."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from suite.channels.models import InboundMessage
from suite.database import utcnow
from suite.extensions import db
from suite.identity.services import find_citizen_by_phone
from suite.notify.models import Notification, OutboxMessage
from suite.ticketing.models import Rating, Ticket
from tests.channels.sms.support import deliver_outbox
from tests.helpers import count, gen_citizen, get_ticket, rows, set_ticket, staff_client, staff_photo, staff_post

STRANGER = "+6281399990001"


def reported_by_sms(app, sms, gateway, resolve=True, phone=None):
    """A road report sent by SMS from a registered phone, resolved by the agency; (code, phone)."""
    phone = phone or gen_citizen(app)[2]
    sms("LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD", phone)
    [ticket] = rows(app, Ticket)
    if resolve:
        officer = staff_client(app, "pupr")
        assert staff_photo(officer, ticket.code).status_code == 302  # a road is resolved with an after photo
        for target in ("verified", "in_progress", "resolved"):
            assert staff_post(officer, ticket.code, "status", {"status": target}).status_code == 302
    replies(app, gateway, phone)  # the receipt and the status news: read, so only answers remain
    return ticket.code, phone


def replies(app, gateway, phone):
    """What the phone receives from the outbox since the last call."""
    deliver_outbox(app)
    said = gateway.texts_to(phone)
    gateway.sent.clear()
    return said


def spaced(code: str) -> str:
    return code.replace("-", " ").lower()


def test_nilai_with_a_loosely_typed_code_rates_the_report_once(app, sms, gateway):
    code, phone = reported_by_sms(app, sms, gateway)

    answer = sms(f"nilai {spaced(code)} 4 bagus, cepat ditambal", phone)

    assert answer.get_json() == {"status": "accepted", "outcome": "rated"}
    [rating] = rows(app, Rating)
    assert (rating.score, rating.comment) == (4, "bagus, cepat ditambal")
    assert f"Nilai 4/5 untuk laporan {code}" in replies(app, gateway, phone)[0]
    officer = staff_client(app, "pupr")
    assert "4/5: bagus, cepat ditambal" in officer.get(f"/petugas/tiket/{code}").get_data(as_text=True)

    assert sms(f"NILAI {code} 1", phone).get_json()["outcome"] == "refused"  # a second rating
    assert "sudah Anda nilai" in replies(app, gateway, phone)[0]
    assert [r.score for r in rows(app, Rating)] == [4]


@pytest.mark.parametrize(
    "text, outcome, said",
    [
        ("NILAI", "help", "NILAI <kode> <1-5>"),
        ("NILAI LRG-0000-0000 5", "not_found", "LRG-0000-0000 tidak ditemukan. Periksa kodenya, contoh: NILAI LRG-"),
        ("NILAI {code}", "ask_again", "Tulis nilai 1 sampai 5"),
        ("NILAI {code} bagus", "ask_again", "Tulis nilai 1 sampai 5"),
        ("NILAI {code} 0", "ask_again", "Nilai harus 1 sampai 5"),
        ("NILAI {code} 6 luar biasa", "ask_again", "Nilai harus 1 sampai 5"),
    ],
)
def test_nilai_that_cannot_be_read_is_asked_again_and_nothing_is_rated(app, sms, gateway, text, outcome, said):
    code, phone = reported_by_sms(app, sms, gateway)

    assert sms(text.format(code=code), phone).get_json()["outcome"] == outcome

    assert said in replies(app, gateway, phone)[0]
    assert count(app, Rating) == 0


def test_only_the_reporters_confirmed_phone_may_rate_or_reopen(app, sms, gateway):
    code, _ = reported_by_sms(app, sms, gateway)
    _, _, other_citizen = gen_citizen(app, sex="M")
    _, _, unproven = gen_citizen(app, sex="M", confirmed=False)

    for phone in (STRANGER, other_citizen, unproven):
        assert sms(f"NILAI {code} 1", phone).get_json()["outcome"] == "not_owner"
        assert sms(f"BUKA {code} masih rusak parah", phone).get_json()["outcome"] == "not_owner"
        said = replies(app, gateway, phone)
        assert len(said) == 2 and all("bukan laporan dari nomor ini" in text for text in said)

    assert count(app, Rating) == 0
    assert get_ticket(app, code).status == "resolved"


def test_a_report_made_without_an_account_is_not_rated_or_reopened_by_phone(app, sms, gateway):
    code, phone = reported_by_sms(app, sms, gateway)
    set_ticket(app, code, citizen_id=None, reporter={"phone": phone})  # as a danger sign from an unknown phone

    assert sms(f"NILAI {code} 5", phone).get_json()["outcome"] == "not_owner"
    assert sms(f"BUKA {code} masih rusak parah", phone).get_json()["outcome"] == "not_owner"

    assert all("tanpa akun warga" in text for text in replies(app, gateway, phone))
    assert count(app, Rating) == 0 and get_ticket(app, code).status == "resolved"


def test_nilai_and_buka_before_the_report_is_finished_are_refused(app, sms, gateway):
    code, phone = reported_by_sms(app, sms, gateway, resolve=False)

    assert sms(f"NILAI {code} 5", phone).get_json()["outcome"] == "refused"
    assert sms(f"BUKA {code} belum diperbaiki", phone).get_json()["outcome"] == "refused"

    rate_reply, reopen_reply = replies(app, gateway, phone)
    assert rate_reply.startswith(f"{code}: ") and "setelah laporan selesai" in rate_reply
    assert "berstatus Selesai" in reopen_reply
    assert count(app, Rating) == 0 and get_ticket(app, code).status == "submitted"


def test_buka_reopens_a_resolved_report_to_the_agency(app, sms, gateway):
    code, phone = reported_by_sms(app, sms, gateway)

    assert sms(f"BUKA {code}", phone).get_json()["outcome"] == "ask_again"  # no reason given
    assert "mengapa Anda belum puas" in replies(app, gateway, phone)[0]
    assert get_ticket(app, code).status == "resolved"

    answer = sms(f"buka {spaced(code)} lubangnya muncul lagi setelah hujan", phone)

    assert answer.get_json()["outcome"] == "reopened"
    ticket = get_ticket(app, code)
    assert ticket.status == "in_progress" and ticket.reopen_count == 1
    assert f"Laporan {code} dibuka kembali" in replies(app, gateway, phone)[0]
    public = app.test_client().get(f"/lacak/{code}").get_data(as_text=True)
    assert "Dibuka kembali oleh pelapor" in public and "lubangnya muncul lagi setelah hujan" in public


def test_buka_after_the_seven_day_window_is_refused(app, sms, gateway):
    code, phone = reported_by_sms(app, sms, gateway)
    set_ticket(app, code, resolved_at=get_ticket(app, code).resolved_at - timedelta(days=8))

    assert sms(f"BUKA {code} masih berlubang", phone).get_json()["outcome"] == "refused"

    assert "Batas 7 hari" in replies(app, gateway, phone)[0]
    assert get_ticket(app, code).status == "resolved"


def test_a_gateway_retry_of_the_same_message_rates_and_reopens_once(app, sms, gateway):
    code, phone = reported_by_sms(app, sms, gateway)

    assert sms(f"BUKA {code} masih berlubang", phone, message_id="gw-buka-1").get_json()["outcome"] == "reopened"
    assert sms(f"BUKA {code} masih berlubang", phone, message_id="gw-buka-1").get_json() == {
        "status": "duplicate",
        "outcome": "duplicate",
    }
    assert get_ticket(app, code).reopen_count == 1
    assert len(replies(app, gateway, phone)) == 1

    officer = staff_client(app, "pupr")
    assert staff_photo(officer, code).status_code == 302  # repaired again, with a new after photo
    assert staff_post(officer, code, "status", {"status": "resolved"}).status_code == 302
    assert sms(f"NILAI {code} 5", phone, message_id="gw-nilai-1").get_json()["outcome"] == "rated"
    assert sms(f"NILAI {code} 5", phone, message_id="gw-nilai-1").get_json()["status"] == "duplicate"
    assert [r.score for r in rows(app, Rating)] == [5]


def test_a_rating_cut_off_before_its_reply_is_answered_on_the_retry_without_rating_twice(app, sms, gateway):
    code, phone = reported_by_sms(app, sms, gateway)
    assert sms(f"NILAI {code} 3", phone, message_id="gw-cut-1").get_json()["outcome"] == "rated"
    # The rating committed, then the database went away before the outcome and reply were written:
    # the row stays "received" and the gateway sends the message again after our 503.
    with app.app_context():
        db.session.execute(
            update(InboundMessage)
            .where(InboundMessage.external_id == "gw-cut-1")
            .values(outcome="received", received_at=utcnow() - timedelta(minutes=2))
        )
        db.session.query(OutboxMessage).filter(OutboxMessage.recipient == phone).delete()
        db.session.commit()

    answer = sms(f"NILAI {code} 3", phone, message_id="gw-cut-1")

    assert answer.get_json()["outcome"] == "rated"
    assert [r.score for r in rows(app, Rating)] == [3]
    assert f"Nilai 3/5 untuk laporan {code}" in replies(app, gateway, phone)[0]


def test_a_score_written_as_five_out_of_five_with_a_comma_is_read(app, sms, gateway):
    code, phone = reported_by_sms(app, sms, gateway)

    assert sms(f"Nilai {code}: 5/5, mantap", phone).get_json()["outcome"] == "rated"

    [rating] = rows(app, Rating)
    assert (rating.score, rating.comment) == (5, "mantap")


def test_the_resolved_news_by_sms_says_how_to_rate_or_reopen_and_the_web_inbox_does_not(app, sms, gateway):
    _, _, phone = gen_citizen(app)
    with app.app_context():
        citizen = find_citizen_by_phone(phone)
        citizen.preferred_channel = "sms"
        db.session.commit()
        citizen_id = citizen.id

    code, _ = reported_by_sms(app, sms, gateway, phone=phone)

    news = [m.body for m in rows(app, OutboxMessage, OutboxMessage.recipient == phone)]
    inbox = [n.body for n in rows(app, Notification, Notification.recipient_id == citizen_id)]
    [resolved] = [body for body in news if "NILAI" in body]
    assert f"Balas NILAI {code} <1-5>" in resolved and f"BUKA {code} <alasan>" in resolved
    assert f"Status laporan {code}: Sudah diperbaiki." in inbox and not any("NILAI" in body for body in inbox)
