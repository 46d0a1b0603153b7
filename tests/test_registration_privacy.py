"""Registration reveals nothing about who is registered (issue 9, item 5): the same answer
whether or not the NIK or the phone is taken; what happens next depends on proving the phone."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select, text

from suite.extensions import db
from suite.identity.models import Citizen
from suite.notify.models import OutboxMessage
from tests.conftest import csrf_token
from tests.helpers import PASSWORD, confirm_registration, gen_citizen, make_nik, sent_phone_code

NEW_PHONE = "0812 3456 7801"


def register(client, nik, phone):
    data = {
        "csrf_token": csrf_token(client, "/akun/daftar"),
        "nik": nik,
        "full_name": "Siti Aminah",
        "birth_date": "1995-04-07",
        "sex": "F",
        "phone": phone,
        "email": "",
        "desa_code": "35.28.01.2001",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    return client.post("/akun/daftar", data=data)


def answer(client, nik, phone):
    """What a registrant sees: the status, where it sends them, and that page without its token."""
    response = register(client, nik, phone)
    page = client.get(response.headers.get("Location", "/akun/daftar"))
    body = re.sub(r'name="csrf_token"( type="hidden")? value="[^"]+"', "", page.get_data(as_text=True))
    return (
        response.status_code,
        response.headers.get("Location"),
        sorted(response.headers.keys()),
        page.status_code,
        body,
    )


@pytest.fixture
def holder(app):
    """An existing account: (nik, phone in 08.. form)."""
    _, nik, phone = gen_citizen(app, phone="0813 1111 2222")
    return nik, "0" + phone[3:]


def test_the_answer_is_the_same_whether_or_not_the_nik_or_phone_is_taken(app, holder):
    taken_nik, taken_phone = holder
    fresh = answer(app.test_client(), make_nik("F", date(1995, 4, 7)), NEW_PHONE)
    nik_taken = answer(app.test_client(), taken_nik, "0812 3456 7802")
    phone_taken = answer(app.test_client(), make_nik("F", date(1995, 4, 7)), taken_phone)
    both_taken = answer(app.test_client(), taken_nik, taken_phone)

    assert fresh[0] == 302 and fresh[1].endswith("/akun/konfirmasi-hp")
    assert "Kami mengirim kode 6 digit ke nomor HP Anda" in fresh[4]
    assert fresh == nik_taken == phone_taken == both_taken
    for _status, _where, _headers, _page_status, body in (fresh, nik_taken, phone_taken, both_taken):
        assert "sudah terdaftar" not in body and "sudah dipakai" not in body


def test_a_taken_phone_makes_no_account_and_tells_the_numbers_owner(app, holder):
    _, taken_phone = holder
    client = app.test_client()
    register(client, make_nik("F", date(1995, 4, 7)), taken_phone)

    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM citizens")).scalar_one() == 1
        [notice] = (
            db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "+6281311112222")).scalars().all()
        )
    assert notice.purpose == "phone_notice" and notice.channel == "sms"
    assert "Seseorang mencoba mendaftar" in notice.body and "atur ulang kata sandi" in notice.body
    # No code exists for this flow: any code is just wrong, the same words as a mistyped one.
    token = csrf_token(client, "/akun/konfirmasi-hp")
    wrong = client.post("/akun/konfirmasi-hp", data={"csrf_token": token, "code": "123456"})
    assert wrong.status_code == 422 and "Kode salah" in wrong.get_data(as_text=True)
    for _ in range(4):
        last = client.post("/akun/konfirmasi-hp", data={"csrf_token": token, "code": "123456"})
    assert "Terlalu banyak percobaan" in last.get_data(as_text=True)  # as a real code would lock


def test_a_taken_nik_is_revealed_only_after_the_phone_is_proven_and_makes_no_second_account(app, holder):
    taken_nik, _ = holder
    client = app.test_client()
    register(client, taken_nik, NEW_PHONE)

    code_page = client.get("/akun/konfirmasi-hp").get_data(as_text=True)
    assert "dipakai akun lain" not in code_page
    response = confirm_registration(client, app, NEW_PHONE)
    claim_page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "NIK Anda sudah dipakai akun lain" in claim_page
    assert "K-0" in claim_page and "KTP asli" in claim_page and "Dispendukcapil" in claim_page
    assert taken_nik not in claim_page  # shown masked only
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM citizens")).scalar_one() == 1
        claim = db.session.execute(text("SELECT status, phone, phone_confirmed_at FROM identity_claims")).one()
    assert claim.status == "open" and claim.phone == "+6281234567801" and claim.phone_confirmed_at is not None
    assert client.get("/laporan-saya").status_code == 302  # not signed in: there is no account


def test_a_fresh_registration_sends_the_code_to_the_typed_phone(app):
    client = app.test_client()
    register(client, make_nik("F", date(1995, 4, 7)), NEW_PHONE)
    assert len(sent_phone_code(app, NEW_PHONE)) == 6
    with app.app_context():
        citizen = db.session.execute(select(Citizen)).scalar_one()
        assert citizen.phone_confirmed_at is None and citizen.identity_verified_at is None


def test_the_code_page_answers_alike_for_a_taken_phone_even_when_retried_and_replayed(app, holder):
    """Guessing, an immediate resend and a replayed cookie give the same answers for a number an
    account has as for a free one: the state of both lives on the server."""
    _, taken_phone = holder

    def answers(phone):
        client = app.test_client()
        register(client, make_nik("F", date(1995, 4, 7)), phone)
        saved = client.get_cookie("session").value
        token = csrf_token(client, "/akun/konfirmasi-hp")
        seen = []
        for attempt in range(7):
            if attempt == 5:
                client.post("/akun/konfirmasi-hp/kirim-ulang", data={"csrf_token": token})
            if attempt == 6:
                client.set_cookie("session", saved)
            page = client.post("/akun/konfirmasi-hp", data={"csrf_token": token, "code": "000000"})
            seen.append((page.status_code, "Terlalu banyak percobaan" in page.get_data(as_text=True)))
        return seen

    free = answers(NEW_PHONE)
    assert free == [(422, False)] * 4 + [(422, True)] * 3
    assert answers(taken_phone) == free


def test_a_number_typed_by_someone_else_does_not_block_its_owner(app):
    """Typing another person's number gets the typist nothing: no message reaches them, and the
    number's owner still registers with it, proves it and owns it."""
    register(app.test_client(), make_nik("F", date(1995, 4, 7)), NEW_PHONE)  # never confirmed
    owner = app.test_client()
    register(owner, make_nik("F", date(1995, 4, 7)), NEW_PHONE)
    assert confirm_registration(owner, app, NEW_PHONE).status_code == 302
    assert owner.get("/laporan-saya").status_code == 200
    with app.app_context():
        rows = (
            db.session.execute(
                select(Citizen.phone_confirmed_at).where(Citizen.phone == "+6281234567801").order_by(Citizen.id)
            )
            .scalars()
            .all()
        )
    assert [proven is not None for proven in rows] == [False, True]
