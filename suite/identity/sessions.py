"""Server-side sessions: every sign-in and sign-out goes through here.

Flask keeps its session in a signed cookie the server cannot take back, so the cookie only carries a
random session id; the ``user_sessions`` row it names decides whether the session is still alive.
The row is checked before every request (``check_session``): revoked, idle too long or past its
absolute expiry, and the request is served signed out. Timeouts are settings per kind of session
(citizen, staff, kiosk). ``last_seen_at`` is written at most once per ``SESSION_TOUCH_SECONDS``, so
reading a page is not a write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from flask import Flask, current_app, flash, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from suite import database
from suite.database import write_transaction
from suite.extensions import db
from suite.identity.models import UserSession
from suite.identity.signals import all_sessions_ended
from suite.security.headers import CLEAR_SITE_DATA_KEY

SESSION_ID_KEY = "sid"
KIOSK_KEY = "kiosk"  # set by the kiosk's start page; a kiosk stays a kiosk across sign-in and sign-out

END_MESSAGES = {
    "idle": _l("Sesi Anda berakhir karena lama tidak ada aktivitas. Silakan masuk lagi."),
    "expired": _l("Sesi Anda sudah berakhir. Silakan masuk lagi."),
    "revoked": _l("Sesi Anda sudah diakhiri. Silakan masuk lagi."),
}


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta


def timeouts_for(account_kind: str, kiosk: bool) -> Timeouts:
    """The idle and absolute timeouts of a session, from the settings."""
    prefix = "KIOSK" if kiosk else ("STAFF" if account_kind == "staff" else "CITIZEN")
    config = current_app.config
    return Timeouts(
        idle=timedelta(seconds=config[f"SESSION_{prefix}_IDLE_SECONDS"]),
        absolute=timedelta(seconds=config[f"SESSION_{prefix}_ABSOLUTE_SECONDS"]),
    )


def sign_in(account, *, kiosk: bool = False) -> None:
    """Start a fresh session for ``account`` (a ``Citizen`` or ``Staff``) in this browser.

    Whatever the session held before is dropped (no fixation: a new id every time). A browser the
    kiosk's start page marked stays a kiosk session even if ``kiosk`` is not passed. Writes and
    commits the session record in its own short transaction: call it after your own changes are
    committed. Does nothing for an account Flask-Login refuses (``is_active`` false).
    """
    if not account.is_active:
        return
    kiosk = kiosk or bool(session.get(KIOSK_KEY))
    kind, account_id = _account_key(account)
    token = secrets.token_urlsafe(32)
    now = database.utcnow()
    previous = session.get(SESSION_ID_KEY)
    with write_transaction():
        if previous:  # signing in again in the same browser replaces, not adds, a session
            _revoke(UserSession.token_hash == _hash(previous), "replaced")
        db.session.add(
            UserSession(
                token_hash=_hash(token),
                account_kind=kind,
                account_id=account_id,
                kiosk=kiosk,
                ip_address=(request.remote_addr or "")[:45] or None,
                user_agent=(request.user_agent.string or "")[:200] or None,
                created_at=now,
                last_seen_at=now,
                expires_at=now + timeouts_for(kind, kiosk).absolute,
            )
        )
    session.clear()
    session[SESSION_ID_KEY] = token
    if kiosk:
        session[KIOSK_KEY] = True
    # A browser-session cookie: closing the browser ends it; the server ends it sooner if idle.
    session.permanent = False
    g.suite_session_account = f"{kind}:{account_id}"
    login_user(account)


def sign_out() -> None:
    """End this browser's session: the record is revoked, so a copy of the cookie taken before
    signing out no longer signs anyone in. Commits its own short write. The kiosk mark survives."""
    token = session.get(SESSION_ID_KEY)
    if token:
        with write_transaction():
            _revoke(UserSession.token_hash == _hash(token), "sign-out")
    _leave_browser()
    g.suite_session_account = None
    # The response asks the browser to forget what this site kept (suite.security.headers), and so
    # does the page it leads to: some browsers honour Clear-Site-Data on a 2xx answer only.
    g.suite_signed_out = True
    session[CLEAR_SITE_DATA_KEY] = True


def end_all_sessions(account, *, keep_current: bool = False) -> int:
    """End every open session of ``account`` (password change, deactivation, "sign out everywhere").

    With ``keep_current`` the session of the current request survives (a password change made in
    this browser). Flushes, does not commit: the caller commits with its own change. Returns how
    many sessions were ended.
    """
    kind, account_id = _account_key(account)
    condition = (UserSession.account_kind == kind) & (UserSession.account_id == account_id)
    token = session.get(SESSION_ID_KEY) if keep_current else None
    if token:
        condition &= UserSession.token_hash != _hash(token)
    ended = _revoke(condition, "all-ended")
    all_sessions_ended.send(account)  # the API's bearer tokens end with them
    return ended


def accepts(user_id: str) -> bool:
    """Whether this request's checked session belongs to ``user_id`` (used by the user loader)."""
    return g.get("suite_session_account") == user_id


def check_session() -> None:
    """Before each request: accept the signed-in account only with a live session record."""
    g.suite_session_account = None
    user_id = session.get("_user_id")
    if user_id is None or request.endpoint == "static":
        return
    token = session.get(SESSION_ID_KEY)
    record = (
        db.session.execute(select(UserSession).where(UserSession.token_hash == _hash(token))).scalar_one_or_none()
        if token
        else None
    )
    now = database.utcnow()
    reason = _end_reason(record, user_id, now)
    if reason is not None:
        _forget(record, reason)
        return
    assert record is not None  # _end_reason gives "revoked" for a missing record
    if now - record.last_seen_at >= timedelta(seconds=current_app.config["SESSION_TOUCH_SECONDS"]):
        record_id = record.id
        with write_transaction():
            db.session.execute(update(UserSession).where(UserSession.id == record_id).values(last_seen_at=now))
    g.suite_session_account = user_id


def init_sessions(app: Flask) -> None:
    app.before_request(check_session)


def _end_reason(record: UserSession | None, user_id: str, now) -> str | None:
    if record is None or record.revoked_at is not None or f"{record.account_kind}:{record.account_id}" != user_id:
        return "revoked"
    if now >= record.expires_at:
        return "expired"
    if now - record.last_seen_at >= timeouts_for(record.account_kind, record.kiosk).idle:
        return "idle"
    return None


def _forget(record: UserSession | None, reason: str) -> None:
    """Sign the browser out; a record that merely timed out is closed so lists show it ended."""
    if record is not None and record.revoked_at is None:
        record_id = record.id
        with write_transaction():
            _revoke(UserSession.id == record_id, reason)
    _leave_browser()
    flash(END_MESSAGES.get(reason, END_MESSAGES["revoked"]), "info")


def _leave_browser() -> None:
    """Sign this browser out and wipe its session; a kiosk stays a kiosk."""
    kiosk = bool(session.get(KIOSK_KEY))
    logout_user()
    session.clear()
    if kiosk:
        session[KIOSK_KEY] = True


def _revoke(condition, reason: str) -> int:
    result = db.session.execute(
        update(UserSession)
        .where(condition, UserSession.revoked_at.is_(None))
        .values(revoked_at=database.utcnow(), end_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount or 0  # an UPDATE or DELETE gives a CursorResult


def _account_key(account) -> tuple[str, int]:
    kind, _, raw_id = account.get_id().partition(":")
    return kind, int(raw_id)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
