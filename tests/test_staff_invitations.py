"""Staff accounts managed at /admin/petugas (issue 12, item 3): an invitation by one-time link
(accepted once, then the password and the second factor, then sign-in; refused when used or
expired), edits and switch-offs audited with before and after, a switched-off account's session
refused at once, and no admin locking the suite out by demoting or switching off themselves."""

from __future__ import annotations

import html
import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from suite.database import utcnow
from suite.extensions import db
from suite.identity.models import Staff, StaffInvitation
from suite.notify.models import OutboxMessage
from tests.conftest import csrf_token
from tests.helpers import (
    PASSWORD,
    agency_id,
    audit_entries,
    gen_staff,
    login_staff,
    pass_second_factor,
    staff_client,
)

EMAIL = "siti.bina@pamekasankab.go.id"


def invite(admin, **overrides):
    fields = {
        "email": EMAIL,
        "full_name": "Siti Aminah",
        "role": "officer",
        "agency_id": str(agency_id(admin.application, "pupr")),
        "module_codes": ["lorong"],
        "call_centre": "y",
    }
    fields.update(overrides)
    return admin.post("/admin/petugas/undang", data={"csrf_token": csrf_token(admin, "/admin/petugas"), **fields})


def invited_link(admin, **overrides) -> str:
    response = invite(admin, **overrides)
    assert response.status_code == 200, response.get_data(as_text=True)
    match = re.search(r'value="(http://localhost(/petugas/undangan/[^"]+))"', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)
    return html.unescape(match.group(2))


def set_password(client, password: str = PASSWORD):
    token = csrf_token(client, "/petugas/undangan")
    return client.post(
        "/petugas/undangan", data={"csrf_token": token, "password": password, "password_confirm": password}
    )


def staff_row(app, email: str = EMAIL) -> Staff | None:
    with app.app_context():
        staff = db.session.execute(select(Staff).where(Staff.email == email)).scalar_one_or_none()
        if staff is not None:
            db.session.expunge(staff)
        return staff


def test_an_invitee_sets_a_password_enrols_and_signs_in_and_the_link_works_once(app):
    admin = staff_client(app, None, "admin")
    link = invited_link(admin)
    token = link.rsplit("/", 1)[1]
    assert staff_row(app) is None  # no account until the invitation is answered
    with app.app_context():
        invitation = db.session.execute(select(StaffInvitation)).scalar_one()
        assert token not in invitation.token_hash
        mail = db.session.execute(select(OutboxMessage).where(OutboxMessage.purpose == "staff_invitation")).scalar_one()
        assert (mail.channel, mail.recipient) == ("email", EMAIL) and link in mail.body
    assert EMAIL in admin.get("/admin/petugas").get_data(as_text=True)  # listed as waiting

    invitee = app.test_client()
    opened = invitee.get(link)
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/petugas/undangan")
    page = invitee.get("/petugas/undangan")
    assert page.status_code == 200 and "Siti Aminah" in page.get_data(as_text=True)
    assert token not in page.get_data(as_text=True)
    refused = set_password(invitee, "password")  # the staff password policy applies
    assert refused.status_code == 422 and 'id="password-err"' in refused.get_data(as_text=True)
    assert staff_row(app) is None
    accepted = set_password(invitee)
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/petugas/dua-langkah")
    pass_second_factor(invitee, EMAIL, "/petugas/dua-langkah")  # enrolled as every staff member is
    assert invitee.get("/petugas/").status_code == 200
    staff = staff_row(app)
    assert (staff.role, staff.agency_id, staff.module_codes, staff.call_centre, staff.active) == (
        "officer",
        agency_id(app, "pupr"),
        ["lorong"],
        True,
        True,
    )

    again = app.test_client().get(link)
    assert again.status_code == 410 and "sudah dipakai" in again.get_data(as_text=True)
    fresh = app.test_client()
    login_staff(fresh, EMAIL)  # password, then the code from the enrolled authenticator
    assert fresh.get("/petugas/").status_code == 200

    (invited,) = audit_entries(app, action="invite", resource_type="staff_invitation")
    assert invited.after["email"] == EMAIL and invited.after["role"] == "officer" and invited.staff_id == admin.staff_id
    (joined,) = audit_entries(app, action="invitation_accepted", resource_type="staff")
    assert joined.after["agency_id"] == agency_id(app, "pupr")
    for entry in audit_entries(app):
        text = f"{entry.before} {entry.after} {entry.detail}"
        assert token not in text and PASSWORD not in text and "hash" not in text


def test_an_expired_withdrawn_or_unknown_link_gets_a_clear_page(app):
    admin = staff_client(app, None, "admin")
    link = invited_link(admin)
    invitee = app.test_client()
    assert invitee.get(link).status_code == 303  # opened in time, answered too late
    with app.app_context():
        invitation = db.session.execute(select(StaffInvitation)).scalar_one()
        invitation.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    for response in (app.test_client().get(link), set_password(invitee)):
        assert response.status_code == 410 and "kedaluwarsa" in response.get_data(as_text=True)
    assert staff_row(app) is None
    for path in ("/petugas/undangan/tidak-dikenal", "/petugas/undangan/" + "x" * 500, "/petugas/undangan"):
        response = app.test_client().get(path)
        assert response.status_code == 404 and "tidak dikenal" in response.get_data(as_text=True)

    first = invited_link(admin)
    second = invited_link(admin)  # a new invitation replaces the unanswered one
    assert "diganti" in app.test_client().get(first).get_data(as_text=True)
    with app.app_context():
        pending = db.session.execute(select(StaffInvitation).where(StaffInvitation.revoked_at.is_(None))).scalar_one()
    withdrawn = admin.post(
        f"/admin/petugas/undangan/{pending.id}/tarik", data={"csrf_token": csrf_token(admin, "/admin/petugas")}
    )
    assert withdrawn.status_code == 303
    assert app.test_client().get(second).status_code == 410
    assert audit_entries(app, action="invitation_withdrawn")[0].after == {"pending": False}


def test_an_invitation_is_refused_field_by_field(app):
    admin = staff_client(app, None, "admin")
    _, taken = gen_staff(app, "pupr")
    response = invite(admin, email=taken, full_name="", agency_id="", module_codes=["tidak-ada"])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for name in ("email", "full_name", "agency_id", "module_codes"):
        assert f'id="{name}-err"' in page, name
    assert invite(admin, email="bukan email").status_code == 422
    with app.app_context():
        assert db.session.execute(select(StaffInvitation)).first() is None
        assert db.session.execute(select(OutboxMessage)).first() is None


def test_admin_edits_role_agency_scopes_and_duty_with_audit(app):
    admin = staff_client(app, None, "admin")
    staff_id, email = gen_staff(app, "pupr")
    url = f"/admin/petugas/{staff_id}"
    assert email in admin.get(url).get_data(as_text=True)
    fields = {"role": "supervisor", "agency_id": str(agency_id(app, "dishub")), "module_codes": ["lorong", "madul"]}
    response = admin.post(url, data={"csrf_token": csrf_token(admin, url), **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    staff = staff_row(app, email)
    assert (staff.role, staff.agency_id, staff.module_codes, staff.call_centre) == (
        "supervisor",
        agency_id(app, "dishub"),
        ["lorong", "madul"],
        False,
    )
    (entry,) = audit_entries(app, action="update", resource_type="staff")
    assert entry.before == {"role": "officer", "agency_id": agency_id(app, "pupr"), "module_codes": None}
    assert entry.after == {
        "role": "supervisor",
        "agency_id": agency_id(app, "dishub"),
        "module_codes": ["lorong", "madul"],
    }
    # An officer needs an agency; nothing is saved when refused.
    response = admin.post(url, data={"csrf_token": csrf_token(admin, url), "role": "officer", "agency_id": ""})
    assert response.status_code == 422 and 'id="agency_id-err"' in response.get_data(as_text=True)
    assert staff_row(app, email).role == "supervisor"
    listed = admin.get(f"/admin/petugas?instansi={agency_id(app, 'dishub')}&peran=supervisor").get_data(as_text=True)
    assert email in listed
    assert email not in admin.get("/admin/petugas?peran=officer").get_data(as_text=True)


def test_a_switched_off_account_loses_its_session_at_once_and_can_come_back(app):
    admin = staff_client(app, None, "admin")
    officer = staff_client(app, "pupr")
    assert officer.get("/petugas/").status_code == 200
    url = f"/admin/petugas/{officer.staff_id}"
    off = admin.post(f"{url}/aktif", data={"csrf_token": csrf_token(admin, url), "active": "0"})
    assert off.status_code == 303
    response = officer.get("/petugas/")
    assert response.status_code == 302 and "/petugas/masuk" in response.headers["Location"]
    assert email_of(app, officer.staff_id) not in admin.get("/admin/petugas").get_data(as_text=True)
    assert email_of(app, officer.staff_id) in admin.get("/admin/petugas?status=nonaktif").get_data(as_text=True)
    (entry,) = audit_entries(app, action="staff_deactivated")
    assert (entry.before, entry.after, entry.staff_id) == ({"active": True}, {"active": False}, admin.staff_id)
    back = admin.post(f"{url}/aktif", data={"csrf_token": csrf_token(admin, url), "active": "1"})
    assert back.status_code == 303 and staff_row(app, email_of(app, officer.staff_id)).active
    assert audit_entries(app, action="staff_reactivated")[0].after == {"active": True}


def email_of(app, staff_id: int) -> str:
    with app.app_context():
        return db.session.get(Staff, staff_id).email


def test_an_admin_neither_switches_off_nor_demotes_themselves(app):
    admin = staff_client(app, None, "admin")
    url = f"/admin/petugas/{admin.staff_id}"
    response = admin.post(
        f"{url}/aktif", data={"csrf_token": csrf_token(admin, url), "active": "0"}, follow_redirects=True
    )
    assert "akun Anda sendiri" in response.get_data(as_text=True)
    response = admin.post(url, data={"csrf_token": csrf_token(admin, url), "role": "supervisor", "agency_id": ""})
    assert response.status_code == 422 and "akun Anda sendiri" in response.get_data(as_text=True)
    me = staff_row(app, email_of(app, admin.staff_id))
    assert (me.role, me.active) == ("admin", True)
    assert admin.get("/admin/").status_code == 200
    assert not audit_entries(app, resource_type="staff")


def test_the_last_active_admin_is_never_removed(app):
    from suite.errors import Conflict
    from suite.identity.staff_accounts import set_active, update_staff

    first, _ = gen_staff(app, None, "admin")
    second, _ = gen_staff(app, None, "admin")
    with app.app_context():
        one, two = db.session.get(Staff, first), db.session.get(Staff, second)
        set_active(one, two, False)  # two admins: one may go
        with pytest.raises(Conflict):
            update_staff(two, one, role="supervisor", agency=None, module_codes=[], call_centre=False, installed=[])
        with pytest.raises(Conflict):
            set_active(two, one, False)
        db.session.rollback()


def test_no_token_reaches_a_log_line(app, caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("werkzeug").info('%s - - "%s" %s -', "127.0.0.1", "GET /petugas/undangan/AbC-123_x HTTP/1.1", 303)
    logging.getLogger("gunicorn.access").info(
        "%(r)s %(f)s", {"r": "GET /petugas/undangan HTTP/1.1", "f": "https://x/petugas/undangan/AbC-123_x"}
    )
    assert "AbC-123_x" not in caplog.text and caplog.text.count("/petugas/undangan/[TOKEN]") == 2
