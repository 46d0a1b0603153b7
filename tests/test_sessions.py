"""Sessions the server can end: revoked at sign-out, rotated at sign-in, idle and absolute timeouts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Citizen, Staff, UserSession
from suite.identity.sessions import end_all_sessions
from tests.conftest import csrf_token
from tests.helpers import citizen_client, gen_citizen, login_citizen, staff_client


def _copy_cookie(source, target):
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


def _sign_out(client):
    token = csrf_token(client, "/akun/pengaturan")
    return client.post("/akun/keluar", data={"csrf_token": token})


def _is_sign_in_redirect(response, path="/akun/masuk"):
    return response.status_code == 302 and response.headers["Location"].startswith(path)


def test_cookie_copied_before_sign_out_no_longer_opens_my_reports(app):
    citizen = citizen_client(app)
    assert citizen.get("/laporan-saya").status_code == 200
    thief = app.test_client()
    _copy_cookie(citizen, thief)
    assert thief.get("/laporan-saya").status_code == 200  # the copy works while the session lives

    assert _sign_out(citizen).status_code == 302

    assert _is_sign_in_redirect(thief.get("/laporan-saya"))
    assert _is_sign_in_redirect(citizen.get("/laporan-saya"))


def test_signing_in_starts_a_new_session_and_ends_the_one_it_replaces(app):
    _, nik, _ = gen_citizen(app)
    client = app.test_client()
    login_citizen(client, nik)
    first = app.test_client()
    _copy_cookie(client, first)
    login_citizen(client, nik)  # again, in the same browser

    assert client.get_cookie("session").value != first.get_cookie("session").value
    assert client.get("/laporan-saya").status_code == 200
    assert _is_sign_in_redirect(first.get("/laporan-saya"))


def test_signing_out_ends_one_browser_and_ending_all_sessions_ends_every_one(app):
    citizen_id, nik, _ = gen_citizen(app)
    phone, laptop, tablet = app.test_client(), app.test_client(), app.test_client()
    for client in (phone, laptop, tablet):
        login_citizen(client, nik)
    _sign_out(phone)
    assert laptop.get("/laporan-saya").status_code == 200

    with app.app_context():
        with app.test_request_context():
            assert end_all_sessions(db.session.get(Citizen, citizen_id)) == 2  # e.g. at a password change
        db.session.commit()

    assert _is_sign_in_redirect(laptop.get("/laporan-saya"))
    assert _is_sign_in_redirect(tablet.get("/laporan-saya"))


def test_a_remember_me_cookie_alone_signs_nobody_in(app, client):
    from flask_login.utils import _cookie_digest

    citizen_id, _, _ = gen_citizen(app)
    user_id = f"citizen:{citizen_id}"
    with app.test_request_context():
        forged = f"{user_id}|{_cookie_digest(user_id)}"  # what Flask-Login would have issued
    client.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), forged)
    assert _is_sign_in_redirect(client.get("/laporan-saya"))


def test_idle_citizen_session_is_refused_with_a_message(app, clock):
    citizen = citizen_client(app)
    clock.advance(hours=1, minutes=59)
    assert citizen.get("/laporan-saya").status_code == 200  # activity keeps it alive
    clock.advance(hours=1, minutes=59)
    assert citizen.get("/laporan-saya").status_code == 200
    clock.advance(hours=2, seconds=1)

    response = citizen.get("/laporan-saya")

    assert _is_sign_in_redirect(response)
    page = citizen.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sesi Anda berakhir karena lama tidak ada aktivitas" in page
    with app.app_context():
        [ended] = db.session.execute(select(UserSession)).scalars().all()
        assert ended.end_reason == "idle" and ended.revoked_at is not None


def test_active_session_still_ends_at_its_absolute_expiry(app, clock, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_CITIZEN_ABSOLUTE_SECONDS", 3 * 3600)
    citizen = citizen_client(app)
    for _ in range(5):
        clock.advance(minutes=35)
        assert citizen.get("/laporan-saya").status_code == 200
    clock.advance(minutes=6)  # 3 h 1 min after signing in, 6 min after the last page
    assert _is_sign_in_redirect(citizen.get("/laporan-saya"))


def test_staff_session_ends_after_thirty_idle_minutes(app, clock):
    staff = staff_client(app, "dinkes")
    clock.advance(minutes=29)
    assert staff.get("/petugas/").status_code == 200
    clock.advance(minutes=30, seconds=1)
    assert _is_sign_in_redirect(staff.get("/petugas/"), "/petugas/masuk")


def test_deactivated_staff_is_signed_out_at_the_next_request(app):
    staff = staff_client(app, "dinkes")
    with app.app_context():
        db.session.get(Staff, staff.staff_id).active = False
        db.session.commit()
    assert _is_sign_in_redirect(staff.get("/petugas/"), "/petugas/masuk")


def test_kiosk_is_signed_out_by_the_server_after_three_idle_minutes(app, clock):
    _, nik, _ = gen_citizen(app)
    kiosk = app.test_client()
    assert kiosk.get("/kios/").status_code == 200
    login_citizen(kiosk, nik)
    clock.advance(minutes=2)
    assert kiosk.get("/laporan-saya").status_code == 200
    clock.advance(minutes=3, seconds=1)

    assert _is_sign_in_redirect(kiosk.get("/laporan-saya"))
    with app.app_context():
        [ended] = db.session.execute(select(UserSession)).scalars().all()
        assert ended.kiosk and ended.end_reason == "idle"
    with kiosk.session_transaction() as session:
        assert session.get("kiosk")  # still a kiosk for the next person


def test_last_seen_is_written_at_most_once_a_minute(app, clock):
    citizen = citizen_client(app)

    def last_seen():
        with app.app_context():
            return db.session.execute(select(UserSession.last_seen_at)).scalar_one()

    signed_in_at = last_seen()
    clock.advance(seconds=30)
    citizen.get("/laporan-saya")
    assert last_seen() == signed_in_at
    clock.advance(seconds=31)
    citizen.get("/laporan-saya")
    assert last_seen() > signed_in_at


def test_deactivating_a_staff_member_signs_them_out_everywhere(app, runner):
    staff = staff_client(app, "dinkes")
    with app.app_context():
        email = db.session.get(Staff, staff.staff_id).email
    result = runner.invoke(args=["deactivate-staff", "--email", email.upper()])
    assert result.exit_code == 0, result.output
    assert "1 session(s) ended" in result.output
    assert _is_sign_in_redirect(staff.get("/petugas/"), "/petugas/masuk")
    with app.app_context():
        assert db.session.get(Staff, staff.staff_id).active is False
    assert runner.invoke(args=["deactivate-staff", "--email", "nobody@example.org"]).exit_code != 0


def test_a_lost_phone_is_signed_out_from_the_command_line(app, runner):
    citizen = citizen_client(app)
    result = runner.invoke(args=["end-sessions", "--citizen-id", str(citizen.citizen_id)])
    assert result.exit_code == 0, result.output
    assert _is_sign_in_redirect(citizen.get("/laporan-saya"))
    assert runner.invoke(args=["end-sessions"]).exit_code != 0
    assert runner.invoke(args=["end-sessions", "--citizen-id", "999999"]).exit_code != 0


def test_records_of_long_ended_sessions_can_be_purged(app, clock):
    from suite.privacy.retention import purge

    citizen_client(app)
    kept = timedelta(days=app.config["RETENTION_EXPIRED_TOKEN_DAYS"])
    with app.app_context():
        assert purge(clock.now).counts["ended sessions"] == 0  # still alive
        assert purge(clock.now + timedelta(days=8) + kept).counts["ended sessions"] == 1
        assert db.session.execute(select(UserSession)).first() is None
