"""A citizen's phone is proven by a one-time code before anything goes to it or comes from it
into the account (issue 9, item 5)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, text, update

from suite.database import utcnow
from suite.extensions import db
from suite.identity.models import Citizen
from suite.identity.phone_confirmation import PhoneCode
from suite.notify import worker
from suite.notify.models import OutboxMessage
from suite.ticketing.models import Ticket
from tests.conftest import csrf_token
from tests.helpers import (
    PASSWORD,
    confirm_registration,
    gen_citizen,
    login_citizen,
    lorong_fields,
    make_nik,
    sent_phone_code,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)

PHONE = "0812 3456 7801"
E164 = "+6281234567801"


def register(client, **overrides):
    data = {
        "csrf_token": csrf_token(client, "/akun/daftar"),
        "nik": make_nik("F", date(1995, 4, 7)),
        "full_name": "Siti Aminah",
        "birth_date": "1995-04-07",
        "sex": "F",
        "phone": PHONE,
        "email": "",
        "desa_code": "35.28.01.2001",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    data.update(overrides)
    return client.post("/akun/daftar", data=data)


def enter_code(client, code):
    return client.post(
        "/akun/konfirmasi-hp", data={"csrf_token": csrf_token(client, "/akun/konfirmasi-hp"), "code": code}
    )


def codes_sent(app, phone=E164):
    with app.app_context():
        return (
            db.session.execute(
                select(OutboxMessage.body).where(
                    OutboxMessage.recipient == phone, OutboxMessage.purpose == "phone_code"
                )
            )
            .scalars()
            .all()
        )


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_registration_sends_a_code_and_the_account_is_usable_only_after_it(app, client):
    response = register(client)

    assert response.status_code == 302 and response.headers["Location"].endswith("/akun/konfirmasi-hp")
    page = client.get("/akun/konfirmasi-hp").get_data(as_text=True)
    assert "Kami mengirim kode 6 digit ke nomor HP Anda" in page
    [body] = codes_sent(app)
    code = sent_phone_code(app, PHONE)
    assert "Jangan berikan kode ini" in body
    with app.app_context():
        stored = " ".join(str(v) for v in db.session.execute(text("SELECT * FROM phone_codes")).one())
        assert code not in stored  # kept as an HMAC only
        assert db.session.execute(select(Citizen.phone_confirmed_at)).scalar_one() is None
    assert client.get("/laporan-saya").status_code == 302  # not signed in before the code

    confirmed = enter_code(client, code)

    assert confirmed.status_code == 302
    assert client.get("/laporan-saya").status_code == 200
    with app.app_context():
        assert db.session.execute(select(Citizen.phone_confirmed_at)).scalar_one() is not None
    assert client.get("/akun/konfirmasi-hp").status_code == 302  # the flow is over: the page leaves


def test_five_wrong_codes_lock_the_code_even_for_the_right_one(app, client):
    register(client)
    code = sent_phone_code(app, PHONE)
    for _attempt in range(4):
        wrong = enter_code(client, other_code(code))
        assert wrong.status_code == 422 and "Kode salah" in wrong.get_data(as_text=True)
    fifth = enter_code(client, other_code(code))
    assert "Terlalu banyak percobaan" in fifth.get_data(as_text=True)

    late = enter_code(client, code)

    assert late.status_code == 422
    with app.app_context():
        assert db.session.execute(select(Citizen.phone_confirmed_at)).scalar_one() is None


def test_an_expired_code_is_refused(app, client):
    register(client)
    code = sent_phone_code(app, PHONE)
    with app.app_context():
        db.session.execute(update(PhoneCode).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()

    response = enter_code(client, code)

    assert response.status_code == 422 and "tidak berlaku" in response.get_data(as_text=True)


def test_resend_waits_between_sends_and_replaces_the_code(app, client):
    register(client)
    first = sent_phone_code(app, PHONE)
    resend = {"csrf_token": csrf_token(client, "/akun/konfirmasi-hp")}

    client.post("/akun/konfirmasi-hp/kirim-ulang", data=resend)
    assert len(codes_sent(app)) == 1  # too soon: nothing more

    with app.app_context():
        db.session.execute(update(PhoneCode).values(last_sent_at=utcnow() - timedelta(minutes=2)))
        db.session.commit()
    client.post("/akun/konfirmasi-hp/kirim-ulang", data=resend)

    assert len(codes_sent(app)) == 2
    second = sent_phone_code(app, PHONE)
    if second != first:
        assert enter_code(client, first).status_code == 422
    assert enter_code(client, second).status_code == 302


def test_a_phone_gets_a_bounded_number_of_codes_a_day(app):
    budget = app.config["PHONE_MESSAGES_PER_DAY"]
    for _n in range(budget + 2):
        register(app.test_client(), nik=make_nik("F", date(1995, 4, 7)))
    with app.app_context():  # nobody proved the number: each may try, until the day's budget is spent
        sent = (
            db.session.execute(
                select(OutboxMessage.purpose).where(OutboxMessage.recipient == E164).order_by(OutboxMessage.id)
            )
            .scalars()
            .all()
        )
    assert sent == ["phone_code"] * budget


def test_code_entry_is_rate_limited_per_address(app, client):
    saved = app.config["PHONE_CODE_CHECK_RATE_LIMIT"]
    app.config["PHONE_CODE_CHECK_RATE_LIMIT"] = "3 per hour"
    try:
        register(client)
        token = csrf_token(client, "/akun/konfirmasi-hp")
        answers = [
            client.post(
                "/akun/konfirmasi-hp",
                data={"csrf_token": token, "code": "000000"},
                environ_base={"REMOTE_ADDR": "10.9.8.7"},
            ).status_code
            for _ in range(5)
        ]
    finally:
        app.config["PHONE_CODE_CHECK_RATE_LIMIT"] = saved
    assert answers[-1] == 429


def test_signed_in_citizen_with_unconfirmed_phone_is_reminded_and_confirms(app, client):
    _, nik, phone = gen_citizen(app, confirmed=False)
    login_citizen(client, nik)

    home = client.get("/laporan-saya").get_data(as_text=True)
    assert "Nomor HP Anda belum dikonfirmasi" in home
    client.post("/akun/konfirmasi-hp/kirim-ulang", data={"csrf_token": csrf_token(client, "/akun/konfirmasi-hp")})
    response = enter_code(client, sent_phone_code(app, phone))

    assert response.status_code == 302
    assert "belum dikonfirmasi" not in client.get("/laporan-saya").get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Citizen.phone_confirmed_at)).scalar_one() is not None


def test_an_unconfirmed_citizen_files_on_the_web_but_gets_no_ticket_messages_on_the_phone(app, client):
    _, nik, phone = gen_citizen(app, confirmed=False)
    login_citizen(client, nik)
    token = csrf_token(client, "/akun/pengaturan")
    client.post("/akun/pengaturan", data={"csrf_token": token, "preferred_channel": "sms"})
    code = ticket_code_from(submit(client, "lorong", lorong_fields()))
    officer = staff_client(app, "pupr")

    assert (
        staff_post(
            officer, code, "tanggapan", {"body": "Tim kami berangkat besok pagi.", "visibility": "public"}
        ).status_code
        == 302
    )

    with app.app_context():
        to_phone = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == phone)).scalars().all()
        notes = db.session.execute(text("SELECT count(*) FROM notifications WHERE recipient_type = 'citizen'"))
        assert to_phone == [] and notes.scalar_one() >= 1  # the news waits in the web inbox


def test_the_worker_drops_ticket_news_queued_for_an_unconfirmed_phone(app, client, monkeypatch):
    citizen_id, nik, phone = gen_citizen(app, confirmed=False)
    login_citizen(client, nik)
    code = ticket_code_from(submit(client, "lorong", lorong_fields()))
    with app.app_context():
        ticket_id = db.session.execute(select(Ticket.id).where(Ticket.code == code)).scalar_one()
        db.session.add(
            OutboxMessage(channel="sms", recipient=phone, body="kabar", ticket_id=ticket_id, citizen_id=citizen_id)
        )
        db.session.commit()
    sent = []
    monkeypatch.setitem(worker.SENDERS, "sms", lambda message: sent.append(message) or "x")

    with app.app_context():
        worker.run_once("test")
        db.session.remove()

    with app.app_context():
        row = db.session.execute(select(OutboxMessage).where(OutboxMessage.ticket_id == ticket_id)).scalar_one()
        assert (row.status, sent) == ("failed", [])
        assert "not confirmed" in row.last_error


# -- SMS from a phone ------------------------------------------------------------------------


def test_sms_from_an_unconfirmed_phone_does_not_attach_to_the_account(app, sms):
    gen_citizen(app, phone=PHONE, confirmed=False)

    answer = sms("LORONG Branta Pesisir lampu jalan mati sudah seminggu", E164)

    assert answer.get_json()["outcome"] == "held"
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM tickets")).scalar_one() == 0


def test_daftar_naming_the_accounts_nik_confirms_its_phone_and_opens_the_held_report(app, sms):
    _, nik, _ = gen_citizen(app, phone=PHONE, confirmed=False)
    sms("LORONG Branta Pesisir lampu jalan mati sudah seminggu", E164)

    owner = sms(f"DAFTAR {nik} Warga Uji", E164)

    assert owner.get_json()["outcome"] == "registered"
    with app.app_context():
        assert db.session.execute(select(Citizen.phone_confirmed_at)).scalar_one() is not None
        assert db.session.execute(text("SELECT count(*) FROM tickets")).scalar_one() == 1


def test_daftar_confirms_the_phone_but_does_not_verify_the_nik(app, sms):
    sms("LORONG Branta Pesisir lampu jalan mati sudah seminggu", E164)

    answer = sms(f"DAFTAR {make_nik('F', date(1990, 6, 5))} Siti Aminah", E164)

    assert answer.get_json()["outcome"] == "registered"
    with app.app_context():
        citizen = db.session.execute(select(Citizen)).scalar_one()
        assert citizen.phone_confirmed_at is not None and citizen.identity_verified_at is None


def test_helpers_confirm_registration(app, client):
    register(client)
    confirm_registration(client, app, PHONE)
    assert client.get("/laporan-saya").status_code == 200


def test_daftar_with_a_nik_another_account_holds_opens_one_claim_for_the_proven_phone(app, sms):
    _, nik, _ = gen_citizen(app)
    sms("LORONG Branta Pesisir lampu jalan mati sudah seminggu", E164)

    first = sms(f"DAFTAR {nik} Siti Pemilik", E164)
    again = sms(f"DAFTAR {nik} Siti Pemilik", E164)

    assert first.get_json()["outcome"] == again.get_json()["outcome"] == "nik_taken"
    with app.app_context():
        claims = db.session.execute(text("SELECT id, status, phone, phone_confirmed_at FROM identity_claims")).all()
        replies = db.session.execute(select(OutboxMessage.body).where(OutboxMessage.recipient == E164)).scalars().all()
        assert db.session.execute(text("SELECT count(*) FROM citizens")).scalar_one() == 1
    [claim] = claims
    assert (claim.status, claim.phone) == ("open", E164) and claim.phone_confirmed_at is not None
    assert sum(f"K-{claim.id:06d}" in body and "KTP asli" in body for body in replies) == 2


def test_daftar_from_the_phone_takes_a_number_another_account_only_typed(app, sms):
    squatter_id, _, _ = gen_citizen(app, phone=PHONE, confirmed=False)
    sms("LORONG Branta Pesisir lampu jalan mati sudah seminggu", E164)

    answer = sms(f"DAFTAR {make_nik()} Pemilik Nomor", E164)

    assert answer.get_json()["outcome"] == "registered"
    with app.app_context():
        owners = db.session.execute(
            select(Citizen.id, Citizen.full_name, Citizen.phone_confirmed_at)
            .where(Citizen.phone == E164)
            .order_by(Citizen.id)
        ).all()
        assert [(row.id == squatter_id, row.phone_confirmed_at is not None) for row in owners] == [
            (True, False),
            (False, True),
        ]
        assert owners[1].full_name == "Pemilik Nomor"
        assert db.session.execute(text("SELECT citizen_id FROM tickets")).scalar_one() == owners[1].id
