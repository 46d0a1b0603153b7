"""Staff second factor (issue 9, item 4): a TOTP code after the password, enrolment with a QR code
and recovery codes, no replay, five wrong codes end the attempt, and an admin's CLI reset."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from suite.audit.models import AuditEntry
from suite.extensions import db
from suite.identity.models import RecoveryCode, Staff
from suite.identity.seeding import agency_by_code
from suite.identity.services import create_staff
from tests.conftest import csrf_token
from tests.helpers import PASSWORD, TOTP_SECRET, gen_staff, login_staff, pass_second_factor, totp_code
from tests.helpers import staff_password_step as password_step

CODE_PAGE = "/petugas/masuk/kode"
ENROL_PAGE = "/petugas/dua-langkah"


def post_code(client, path: str, code: str):
    return client.post(path, data={"csrf_token": csrf_token(client, path), "code": code})


def new_staff_without_second_factor(app, agency_code="pupr", role="officer", modules=None) -> str:
    email = f"baru.{agency_code}.{role}.{time.monotonic_ns()}@pamekasankab.go.id"
    with app.app_context():
        create_staff(
            email,
            "Petugas Baru",
            PASSWORD,
            role=role,
            agency=agency_by_code(agency_code) if agency_code else None,
            module_codes=modules,
        )
        db.session.commit()
    return email


@pytest.fixture
def privileged_only(app):
    app.config["STAFF_TOTP"] = "privileged"
    yield
    app.config["STAFF_TOTP"] = "all"


def test_the_password_alone_does_not_sign_staff_in(app):
    _, email = gen_staff(app, "pupr")
    client = app.test_client()
    response = password_step(client, email)
    assert response.status_code == 302 and response.headers["Location"].endswith(CODE_PAGE)
    assert "/petugas/masuk" in client.get("/petugas/").headers["Location"]  # still signed out
    assert post_code(client, CODE_PAGE, "000000").status_code == 422
    response = post_code(client, CODE_PAGE, totp_code(app, email))
    assert response.status_code == 302 and response.headers["Location"].endswith("/petugas/")
    assert client.get("/petugas/").status_code == 200


def test_a_code_is_accepted_once(app):
    _, email = gen_staff(app, "pupr")
    code = totp_code(app, email)
    first, second = app.test_client(), app.test_client()
    password_step(first, email)
    assert post_code(first, CODE_PAGE, code).status_code == 302
    password_step(second, email)
    replay = post_code(second, CODE_PAGE, code)
    assert replay.status_code == 422 and "sudah dipakai" in replay.get_data(as_text=True)
    assert "/petugas/masuk" in second.get("/petugas/").headers["Location"]


def test_five_wrong_codes_end_the_attempt_and_lock_the_account(app, clock):
    _, email = gen_staff(app, "pupr")
    client = app.test_client()
    password_step(client, email)
    token = csrf_token(client, CODE_PAGE)
    statuses = [client.post(CODE_PAGE, data={"csrf_token": token, "code": "123456"}).status_code for _ in range(5)]
    assert statuses[:4] == [422] * 4 and statuses[4] == 302
    # The right code no longer helps: the password must be typed again, once the lock has run out.
    response = client.post(CODE_PAGE, data={"csrf_token": token, "code": totp_code(app, email)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/petugas/masuk")
    assert "/petugas/masuk" in client.get("/petugas/").headers["Location"]
    assert password_step(client, email).status_code == 429
    clock.advance(minutes=16)
    login_staff(client, email)
    assert client.get("/petugas/").status_code == 200


def test_wrong_codes_are_counted_on_the_server_not_in_the_cookie(app):
    _, email = gen_staff(app, "pupr")
    client = app.test_client()
    password_step(client, email)
    token = csrf_token(client, CODE_PAGE)
    saved = client.get_cookie("session").value  # replaying the half-signed-in cookie must not reset the count
    answers = []
    for _ in range(6):
        client.set_cookie("session", saved)
        answers.append(client.post(CODE_PAGE, data={"csrf_token": token, "code": "123456"}).status_code)
    assert answers[:5] == [422] * 5 and answers[5] == 302  # the sixth guess is never checked
    client.set_cookie("session", saved)
    response = client.post(CODE_PAGE, data={"csrf_token": token, "code": totp_code(app, email)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/petugas/masuk")


def test_the_half_signed_in_state_expires(app, monkeypatch):
    _, email = gen_staff(app, "pupr")
    client = app.test_client()
    token = csrf_token(client, "/petugas/masuk")
    monkeypatch.setitem(app.config, "TOTP_PENDING_SECONDS", -1)
    password_step(client, email)
    response = client.post(CODE_PAGE, data={"csrf_token": token, "code": totp_code(app, email)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/petugas/masuk")
    assert "/petugas/masuk" in client.get("/petugas/").headers["Location"]


def test_new_staff_enrol_with_a_qr_code_before_reaching_any_page(app):
    email = new_staff_without_second_factor(app)
    client = app.test_client()
    response = password_step(client, email)
    assert response.headers["Location"].endswith(ENROL_PAGE)
    assert "/petugas/masuk" in client.get("/petugas/").headers["Location"]
    page = client.get(ENROL_PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html and "otpauth://totp/" in html
    assert page.headers["Cache-Control"] == "no-store"
    secret = re.search(r"secret=([A-Z2-7]+)", html).group(1)
    with app.app_context():
        staff = db.session.execute(select(Staff).where(Staff.email == email)).scalar_one()
        assert staff.totp_secret_encrypted and secret not in staff.totp_secret_encrypted  # encrypted at rest
        assert staff.totp_confirmed_at is None  # not active before a first valid code
    assert secret in client.get(ENROL_PAGE).get_data(as_text=True)  # a reload keeps the scanned secret
    assert post_code(client, ENROL_PAGE, "000000").status_code == 422
    done = post_code(client, ENROL_PAGE, pyotp.TOTP(secret).now())
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", done.get_data(as_text=True))
    assert done.status_code == 200 and len(set(codes)) == 10
    assert client.get("/petugas/").status_code == 200  # signed in
    with app.app_context():
        stored = db.session.execute(select(RecoveryCode.code_hash, RecoveryCode.salt)).all()
        assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & {h for h, _ in stored}
        assert len({salt for _, salt in stored}) == 10


def test_a_recovery_code_signs_in_once(app):
    email = new_staff_without_second_factor(app)
    client = app.test_client()
    password_step(client, email)
    secret = re.search(r"secret=([A-Z2-7]+)", client.get(ENROL_PAGE).get_data(as_text=True)).group(1)
    codes = re.findall(
        r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>",
        post_code(client, ENROL_PAGE, pyotp.TOTP(secret).now()).get_data(as_text=True),
    )
    phone_lost = app.test_client()
    password_step(phone_lost, email)
    assert post_code(phone_lost, CODE_PAGE, codes[3].upper()).status_code == 302
    again = app.test_client()
    password_step(again, email)
    assert post_code(again, CODE_PAGE, codes[3]).status_code == 422
    assert post_code(again, CODE_PAGE, codes[4]).status_code == 302


def test_signed_in_staff_without_a_second_factor_reach_only_enrolment(app, privileged_only):
    email = new_staff_without_second_factor(app)
    client = app.test_client()
    response = password_step(client, email)  # not required in "privileged" mode: signed in at once
    assert response.headers["Location"].endswith("/petugas/")
    assert client.get("/petugas/").status_code == 200
    app.config["STAFF_TOTP"] = "all"  # the setting tightens while they are signed in
    for path in ("/petugas/", "/petugas/profil", "/admin/target", "/petugas/profil/kata-sandi"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith(ENROL_PAGE), path
    assert client.get(ENROL_PAGE).status_code == 200


@pytest.mark.parametrize(
    "agency_code,role,modules,required",
    [
        ("pupr", "officer", None, False),
        ("pupr", "supervisor", None, False),
        (None, "admin", None, True),
        ("dinkes", "supervisor", None, True),
        ("pkm-tlanakan", "officer", None, True),
        ("command-center", "officer", ["sehat"], True),
    ],
)
def test_privileged_mode_requires_it_of_admins_and_health_staff(
    app, privileged_only, agency_code, role, modules, required
):
    email = new_staff_without_second_factor(app, agency_code, role, modules)
    location = password_step(app.test_client(), email).headers["Location"]
    assert location.endswith(ENROL_PAGE) == required, location


def test_by_default_every_staff_member_needs_it(app):
    email = new_staff_without_second_factor(app, "pupr", "officer")
    assert password_step(app.test_client(), email).headers["Location"].endswith(ENROL_PAGE)


def test_enrolled_staff_cannot_enrol_again_over_their_factor(app):
    _, email = gen_staff(app, "pupr")
    client = app.test_client()
    login_staff(client, email)
    response = client.get(ENROL_PAGE)
    assert response.status_code == 302 and response.headers["Location"].endswith("/petugas/profil")
    assert TOTP_SECRET not in client.get("/petugas/profil").get_data(as_text=True)


def test_enrolment_needs_the_password_first(client):
    assert client.get(ENROL_PAGE).headers["Location"].endswith("/petugas/masuk")
    assert client.get(CODE_PAGE).headers["Location"].endswith("/petugas/masuk")


def test_admin_resets_a_second_factor_from_the_command_line(app, runner):
    staff_id, email = gen_staff(app, "pupr")
    _, admin_email = gen_staff(app, None, "admin")
    signed_in = app.test_client()
    login_staff(signed_in, email)
    result = runner.invoke(args=["reset-second-factor", "--email", email.upper(), "--by", admin_email])
    assert result.exit_code == 0, result.output
    assert signed_in.get("/petugas/").status_code == 302  # the phone may be in the wrong hands: sessions end
    with app.app_context():
        staff = db.session.get(Staff, staff_id)
        assert staff.totp_secret_encrypted is None and staff.totp_confirmed_at is None
        assert db.session.execute(select(RecoveryCode).where(RecoveryCode.staff_id == staff_id)).first() is None
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "second_factor_reset")).scalar_one()
        assert entry.resource_id == str(staff_id) and entry.staff_id is not None
    client = app.test_client()
    assert password_step(client, email).headers["Location"].endswith(ENROL_PAGE)
    pass_second_factor(client, email, ENROL_PAGE)
    assert client.get("/petugas/").status_code == 200
    unknown = runner.invoke(args=["reset-second-factor", "--email", "tidak.ada@pamekasankab.go.id"])
    assert unknown.exit_code != 0 and "no staff account" in unknown.output


def test_code_attempts_are_limited_per_account(app):
    from suite import create_app

    config = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER", "LOGIN_RATE_LIMIT")
    }
    limited = create_app({**config, "TOTP_RATE_LIMIT": "3 per minute", "TOTP_MAX_FAILURES": 100})
    _, email = gen_staff(limited, "pupr")
    statuses = []
    for _ in range(2):  # two browsers, each under the per-attempt count: the account's limit still holds
        client = limited.test_client()
        password_step(client, email)
        statuses += [post_code(client, CODE_PAGE, "123456").status_code for _ in range(2)]
    assert statuses == [422, 422, 422, 429]
