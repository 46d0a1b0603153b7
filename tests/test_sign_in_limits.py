"""Per-account lock-out on web and API sign-in: guessing stops, the real owner gets back in later."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from suite.channels.models import SecurityEvent
from suite.extensions import db
from tests.conftest import csrf_token
from tests.helpers import PASSWORD, gen_citizen, gen_staff
from tests.helpers import staff_password_step as web_staff

WRONG = "bukan-sandinya"
OTHER_ADDRESS = {"REMOTE_ADDR": "10.9.8.7"}


def api_token(client, identifier, password, environ=None):
    return client.post(
        "/api/v1/auth/token", json={"identifier": identifier, "password": password}, environ_base=environ or {}
    )


def web_citizen(client, identifier, password, environ=None):
    token = csrf_token(client, "/akun/masuk")
    return client.post(
        "/akun/masuk",
        data={"csrf_token": token, "identifier": identifier, "password": password},
        environ_base=environ or {},
    )


def test_api_refuses_the_right_password_after_25_wrong_ones_until_the_lock_expires(app, client, clock):
    _, nik, _ = gen_citizen(app)
    statuses = [api_token(client, nik, WRONG).status_code for _ in range(25)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}

    refused = api_token(client, nik, PASSWORD)

    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    body = refused.get_json()
    assert body["code"] == 429 and body["status"] and body["message"]  # the API's error shape
    clock.advance(minutes=15, seconds=1)
    assert api_token(client, nik, PASSWORD).status_code == 201


def test_another_address_cannot_bypass_the_account_lock(app, client, clock):
    _, nik, phone = gen_citizen(app)
    for _ in range(5):
        api_token(client, nik, WRONG)
    # Another machine, and the phone number instead of the NIK: the same account, still locked.
    assert api_token(app.test_client(), phone, PASSWORD, OTHER_ADDRESS).status_code == 429
    assert web_citizen(app.test_client(), nik, PASSWORD, OTHER_ADDRESS).status_code == 429


def test_a_success_clears_the_failures(app, client):
    _, nik, _ = gen_citizen(app)
    for _ in range(4):
        assert api_token(client, nik, WRONG).status_code == 401
    assert api_token(client, nik, PASSWORD).status_code == 201
    for _ in range(5):  # counted from zero again: the fifth failure since the success locks
        assert api_token(client, nik, WRONG).status_code == 401
    assert api_token(client, nik, PASSWORD).status_code == 429


def test_an_unknown_identifier_is_answered_like_a_known_one(app, client):
    _, nik, _ = gen_citizen(app)
    unknown = "3528014506900001"
    known = [api_token(client, nik, WRONG) for _ in range(6)]
    unknown_answers = [api_token(client, unknown, WRONG) for _ in range(6)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown_answers] == [401] * 5 + [429]
    assert known[0].get_json() == unknown_answers[0].get_json()
    assert known[-1].get_json() == unknown_answers[-1].get_json()


def test_a_phone_written_two_ways_counts_once_whether_or_not_it_is_registered(app, client):
    _, _, phone = gen_citizen(app)  # +62813...
    local = "0" + phone[3:]
    for known, unknown in ((phone, "+6281399990001"), (local, "081399990001")):
        assert api_token(client, known, WRONG).status_code == api_token(client, unknown, WRONG).status_code
    for _ in range(3):
        api_token(client, local, WRONG)
        api_token(client, "081399990001", WRONG)
    # locked under the other spelling, registered or not: the answers tell nothing
    assert api_token(client, phone, PASSWORD).status_code == 429
    assert api_token(client, "+6281399990001", WRONG).status_code == 429


def test_each_new_lock_lasts_longer(app, client, clock):
    _, nik, _ = gen_citizen(app)
    for _ in range(5):
        api_token(client, nik, WRONG)
    clock.advance(minutes=15, seconds=1)
    for _ in range(5):
        assert api_token(client, nik, WRONG).status_code == 401
    clock.advance(minutes=16)
    assert api_token(client, nik, PASSWORD).status_code == 429  # the second lock lasts 30 minutes
    clock.advance(minutes=14, seconds=1)
    assert api_token(client, nik, PASSWORD).status_code == 201


def test_web_citizen_sign_in_locks_and_reopens(app, client, clock):
    _, nik, _ = gen_citizen(app)
    for _ in range(5):
        assert web_citizen(client, nik, WRONG).status_code == 422
    locked = web_citizen(client, nik, PASSWORD)
    assert locked.status_code == 429 and "Retry-After" in locked.headers
    assert "Terlalu banyak percobaan masuk yang gagal" in locked.get_data(as_text=True)
    assert client.get("/laporan-saya").status_code == 302  # not signed in
    clock.advance(minutes=15, seconds=1)
    assert web_citizen(client, nik, PASSWORD).status_code == 302
    assert client.get("/laporan-saya").status_code == 200


def test_web_staff_sign_in_locks_and_reopens(app, client, clock):
    _, email = gen_staff(app, "dinkes")
    for _ in range(5):
        assert web_staff(client, email, WRONG).status_code == 422
    locked = web_staff(client, email.upper(), PASSWORD)  # the address's case does not start a new count
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in locked.get_data(as_text=True)
    clock.advance(minutes=15, seconds=1)
    assert web_staff(client, email, PASSWORD).status_code == 302


def test_a_lock_is_recorded_as_a_security_event_without_the_nik(app, client):
    _, nik, phone = gen_citizen(app)
    for _ in range(5):
        api_token(client, nik, WRONG)
    with app.app_context():
        [event] = db.session.execute(select(SecurityEvent).where(SecurityEvent.kind == "sign_in_locked")).scalars()
        assert event.source == "api:token"
        assert nik not in event.detail and phone.lstrip("+") not in event.detail


def test_api_sign_in_is_also_limited_per_address(app):
    from suite import create_app

    config = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER")}
    limited = create_app({**config, "LOGIN_RATE_LIMIT": "3 per minute"}).test_client()
    # A different identifier each time: only the per-address limit can stop this. A fresh address per
    # run, in case the limiter's storage (Redis) outlives the test process.
    address = {"REMOTE_ADDR": f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"}
    answers = [api_token(limited, f"08120000{n:04d}", WRONG, address) for n in range(4)]
    assert [r.status_code for r in answers] == [401, 401, 401, 429]
    assert answers[-1].get_json()["code"] == 429 and "Retry-After" in answers[-1].headers
