"""Password change and reset (issue 9, item 4): the current password to change it, other sessions
ended, the account told on its channel; a one-time, expiring reset link through the outbox, asked
for by a form that answers alike whether or not the account exists, and rate-limited."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from suite import create_app
from suite.audit.models import AuditEntry
from suite.database import utcnow
from suite.extensions import db
from suite.identity.models import Citizen, PasswordResetToken
from tests.conftest import csrf_token
from tests.helpers import (
    PASSWORD,
    citizen_client,
    gen_citizen,
    gen_staff,
    login_citizen,
    login_staff,
    outbox,
    pass_second_factor,
)

NEW_PASSWORD = "jembatan-suramadu-panjang"
CITIZEN_CHANGE = "/akun/pengaturan/kata-sandi"
STAFF_CHANGE = "/petugas/profil/kata-sandi"


def change(client, path: str, current: str, new: str, confirm: str | None = None):
    return client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "current_password": current,
            "new_password": new,
            "new_password_confirm": confirm or new,
        },
    )


def ask_reset(client, path: str, identifier: str):
    return client.post(path, data={"csrf_token": csrf_token(client, path), "identifier": identifier})


def reset_link(app, recipient: str) -> str:
    body = [m for m in outbox(app, recipient) if m.purpose == "password_reset"][-1].body
    return re.search(r"https?://[^/\s]+(/\S+?/atur-ulang-sandi/[A-Za-z0-9_-]+)", body).group(1)


def set_new(client, path: str, new: str, confirm: str | None = None):
    return client.post(
        path, data={"csrf_token": csrf_token(client, path), "new_password": new, "new_password_confirm": confirm or new}
    )


def test_a_citizen_changes_their_password_and_other_sessions_end(app):
    citizen_id, nik, phone = gen_citizen(app)
    here, elsewhere = app.test_client(), app.test_client()
    login_citizen(here, nik)
    login_citizen(elsewhere, nik)
    wrong = change(here, CITIZEN_CHANGE, "bukan-sandi-saya", NEW_PASSWORD)
    assert wrong.status_code == 422 and "Kata sandi saat ini salah" in wrong.get_data(as_text=True)
    weak = change(here, CITIZEN_CHANGE, PASSWORD, "1234567890")
    assert weak.status_code == 422 and "paling sering dipakai" in weak.get_data(as_text=True)
    mismatch = change(here, CITIZEN_CHANGE, PASSWORD, NEW_PASSWORD, "lain-sekali-bedanya")
    assert mismatch.status_code == 422
    assert outbox(app, phone) == []
    done = change(here, CITIZEN_CHANGE, PASSWORD, NEW_PASSWORD)
    assert done.status_code == 302
    assert here.get("/laporan-saya").status_code == 200  # this browser stays signed in
    assert elsewhere.get("/laporan-saya").status_code == 302  # the others do not
    login_citizen(app.test_client(), nik, NEW_PASSWORD)
    old = app.test_client()
    token = csrf_token(old, "/akun/masuk")
    assert (
        old.post("/akun/masuk", data={"csrf_token": token, "identifier": nik, "password": PASSWORD}).status_code == 422
    )
    [told] = outbox(app, phone)
    assert told.channel == "sms" and "diubah" in told.body and NEW_PASSWORD not in told.body
    with app.app_context():
        assert db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "password_changed", AuditEntry.citizen_id == citizen_id)
        ).first()


def test_a_password_change_signs_the_phone_app_out_too(app):
    _, nik, _ = gen_citizen(app)
    app_client = app.test_client()
    token = app_client.post("/api/v1/auth/token", json={"identifier": nik, "password": PASSWORD}).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert app_client.get("/api/v1/me/tickets", headers=bearer).status_code == 200
    browser = app.test_client()
    login_citizen(browser, nik)
    assert change(browser, CITIZEN_CHANGE, PASSWORD, NEW_PASSWORD).status_code == 302
    assert app_client.get("/api/v1/me/tickets", headers=bearer).status_code == 401


def test_the_password_pages_need_the_right_account(app, client):
    assert client.get(CITIZEN_CHANGE).headers["Location"].startswith("/akun/masuk")
    assert "/petugas/masuk" in client.get(STAFF_CHANGE).headers["Location"]
    citizen = citizen_client(app)
    assert citizen.get(STAFF_CHANGE).status_code == 403


def test_staff_change_their_password_at_their_profile(app):
    _, email = gen_staff(app, "pupr")
    here, elsewhere = app.test_client(), app.test_client()
    login_staff(here, email)
    login_staff(elsewhere, email)
    assert change(here, STAFF_CHANGE, PASSWORD, "sebelas-123").status_code == 422  # 11: too short for staff
    assert change(here, STAFF_CHANGE, PASSWORD, NEW_PASSWORD).status_code == 302
    assert here.get("/petugas/").status_code == 200
    assert elsewhere.get("/petugas/").status_code == 302
    login_staff(app.test_client(), email, NEW_PASSWORD)
    [told] = outbox(app, email)
    assert told.channel == "email" and told.subject and NEW_PASSWORD not in told.body


def test_a_citizen_resets_a_forgotten_password_by_a_one_time_link(app):
    _, nik, phone = gen_citizen(app)
    signed_in = app.test_client()
    login_citizen(signed_in, nik)
    client = app.test_client()
    asked = ask_reset(client, "/akun/lupa-sandi", nik)
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/akun/masuk")
    [message] = outbox(app, phone)
    assert message.channel == "sms" and "30 menit" in message.body
    link = reset_link(app, phone)
    with app.app_context():  # only a hash of the token is kept
        token = link.rsplit("/", 1)[1]
        assert db.session.execute(select(PasswordResetToken.token_hash)).scalar_one() != token
    assert client.get(link).status_code == 200
    weak = set_new(client, link, "qwertyuiop")
    assert weak.status_code == 422 and "paling sering dipakai" in weak.get_data(as_text=True)
    done = set_new(client, link, NEW_PASSWORD)
    assert done.status_code == 302 and done.headers["Location"].startswith("/akun/masuk")
    assert signed_in.get("/laporan-saya").status_code == 302  # every session ended
    login_citizen(app.test_client(), nik, NEW_PASSWORD)
    assert client.get(link).status_code == 404  # used once
    assert set_new(client, link, "lagi-lagi-kata-sandi-baru").status_code == 404
    told = [m for m in outbox(app, phone) if m.purpose == "password_changed"]
    assert len(told) == 1 and NEW_PASSWORD not in told[0].body


def test_the_reset_form_answers_alike_for_unknown_accounts(app):
    _, nik, phone = gen_citizen(app)
    known, unknown = app.test_client(), app.test_client()
    answer_known = ask_reset(known, "/akun/lupa-sandi", phone)
    answer_unknown = ask_reset(unknown, "/akun/lupa-sandi", "3528014506909999")
    assert answer_known.status_code == answer_unknown.status_code == 302
    assert answer_known.headers["Location"] == answer_unknown.headers["Location"]
    page_known = known.get(answer_known.headers["Location"]).get_data(as_text=True)
    page_unknown = unknown.get(answer_unknown.headers["Location"]).get_data(as_text=True)
    notice = re.compile(r'<p class="flash[^>]*>(.*?)</p>', re.S)
    assert notice.findall(page_known) == notice.findall(page_unknown) != []
    assert len(outbox(app)) == 1
    staff_unknown = ask_reset(app.test_client(), "/petugas/lupa-sandi", "tidak.ada@pamekasankab.go.id")
    assert staff_unknown.status_code == 302 and len(outbox(app)) == 1


def test_a_citizen_without_a_confirmed_phone_or_email_gets_nothing(app):
    _, nik, phone = gen_citizen(app, confirmed=False)
    assert ask_reset(app.test_client(), "/akun/lupa-sandi", nik).status_code == 302
    assert outbox(app) == []
    with app.app_context():  # with an email, the link goes there
        citizen = db.session.execute(select(Citizen).where(Citizen.phone == phone)).scalar_one()
        citizen.email = "warga@example.id"
        db.session.commit()
    ask_reset(app.test_client(), "/akun/lupa-sandi", nik)
    [message] = outbox(app)
    assert message.channel == "email" and message.recipient == "warga@example.id"


def test_an_expired_link_does_nothing(app):
    _, nik, phone = gen_citizen(app)
    ask_reset(app.test_client(), "/akun/lupa-sandi", nik)
    link = reset_link(app, phone)
    with app.app_context():
        record = db.session.execute(select(PasswordResetToken)).scalar_one()
        record.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    client = app.test_client()
    assert client.get(link).status_code == 404
    assert client.get("/akun/atur-ulang-sandi/tidak-dikenal").status_code == 404
    assert client.get("/akun/atur-ulang-sandi/" + "x" * 500).status_code == 404


def test_a_citizen_link_does_not_open_the_staff_page(app):
    _, nik, phone = gen_citizen(app)
    ask_reset(app.test_client(), "/akun/lupa-sandi", nik)
    link = reset_link(app, phone)
    assert app.test_client().get(link.replace("/akun/", "/petugas/")).status_code == 404


def test_staff_reset_by_email_and_still_need_their_code(app):
    _, email = gen_staff(app, "dinkes", "supervisor")
    client = app.test_client()
    assert ask_reset(client, "/petugas/lupa-sandi", email.upper()).status_code == 302
    [message] = outbox(app, email)
    assert message.channel == "email" and "/petugas/atur-ulang-sandi/" in message.body
    link = reset_link(app, email)
    assert set_new(client, link, "sebelas-123").status_code == 422
    assert set_new(client, link, NEW_PASSWORD).status_code == 302
    token = csrf_token(client, "/petugas/masuk")
    step = client.post("/petugas/masuk", data={"csrf_token": token, "email": email, "password": NEW_PASSWORD})
    assert step.headers["Location"].endswith("/petugas/masuk/kode")  # the reset does not skip the second factor
    pass_second_factor(client, email)
    assert client.get("/petugas/").status_code == 200


def test_reset_requests_are_limited_per_account_and_per_address(app):
    config = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER", "LOGIN_RATE_LIMIT")
    }
    limited = create_app(
        {**config, "PASSWORD_RESET_ACCOUNT_RATE_LIMIT": "2 per hour", "PASSWORD_RESET_RATE_LIMIT": "4 per hour"}
    )
    _, nik, phone = gen_citizen(limited)
    client = limited.test_client()
    spaced = f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}"  # the same account written differently
    statuses = [ask_reset(client, "/akun/lupa-sandi", typed).status_code for typed in (nik, spaced, nik)]
    assert statuses == [302, 302, 429]
    assert len(outbox(limited, phone)) == 2
    # Other accounts from the same address: 4 requests an hour in all.
    others = [ask_reset(client, "/akun/lupa-sandi", f"08129999{n:04d}").status_code for n in range(3)]
    assert others[0] == 302 and others[-1] == 429
