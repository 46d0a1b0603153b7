"""Per-account sign-in lock-out, shared by every worker through the database.

The per-address limit (``LOGIN_RATE_LIMIT``) stops one machine guessing fast; this stops many
machines guessing one account. Failures are counted per account: a citizen's NIK and phone count
together. An identifier that matches no account is counted under its own key and answered exactly
like a real one, so the lock says nothing about which accounts exist. After
``SIGN_IN_LOCK_THRESHOLD`` failures the account is locked for ``SIGN_IN_LOCK_SECONDS``, doubling
with each further lock up to ``SIGN_IN_LOCK_MAX_SECONDS``; a success clears the count.
Keys are HMACs of the account, never the NIK, phone or email.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from suite import database
from suite.extensions import db
from suite.identity import nik as nik_rules
from suite.identity.models import SignInThrottle, Staff
from suite.identity.phones import PhoneError, to_e164
from suite.identity.services import authenticate_citizen, authenticate_staff, find_citizen_by_nik, find_citizen_by_phone


class SignInLocked(Exception):
    """Too many failed sign-ins for this account: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"sign-in locked for {retry_after} s")
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def sign_in_citizen(identifier: str, password: str, *, source: str, address: str | None = None):
    """``authenticate_citizen`` behind the lock-out. Returns the citizen or None; raises
    ``SignInLocked`` while locked (the password is not even checked then). Flushes; the caller
    commits, also when the answer is None, so the failure is counted."""
    return _attempt(_citizen_key(identifier), lambda: authenticate_citizen(identifier, password), source, address)


def sign_in_staff(email: str, password: str, *, source: str, address: str | None = None):
    """``authenticate_staff`` behind the lock-out; same contract as ``sign_in_citizen``."""
    return _attempt(_staff_key(email), lambda: authenticate_staff(email, password), source, address)


def second_factor_attempt(staff, check, *, source: str, address: str | None = None) -> bool:
    """``check()`` (is the code right?) behind the same lock-out as the staff member's password: a wrong
    code counts as a failed sign-in on the server, so no replayed cookie or fresh browser resets the
    count. Raises ``SignInLocked`` while locked; flushes, the caller commits."""
    return _attempt(_staff_key(staff.email), lambda: staff if check() else None, source, address) is not None


def _attempt(key: str, authenticate, source: str, address: str | None):
    key_hash = _hmac(key)
    now = database.utcnow()
    row = _row(key_hash)
    if row is not None and row.locked_until is not None and row.locked_until > now:
        raise SignInLocked(math.ceil((row.locked_until - now).total_seconds()))
    account = authenticate()
    if account is not None:
        if row is not None:
            db.session.execute(delete(SignInThrottle).where(SignInThrottle.id == row.id))
        return account
    row = row or _new_row(key_hash)
    _count_failure(row, now, source, address)
    db.session.flush()
    return None


def _count_failure(row: SignInThrottle, now, source: str, address: str | None) -> None:
    config = current_app.config
    memory = timedelta(seconds=config["SIGN_IN_FAILURE_MEMORY_SECONDS"])
    if row.last_failure_at is not None and now - row.last_failure_at > memory:
        row.failures, row.lockouts = 0, 0
    row.failures = (row.failures or 0) + 1
    row.last_failure_at = now
    if row.failures < config["SIGN_IN_LOCK_THRESHOLD"]:
        return
    row.lockouts = (row.lockouts or 0) + 1
    seconds = min(config["SIGN_IN_LOCK_SECONDS"] * 2 ** min(row.lockouts - 1, 30), config["SIGN_IN_LOCK_MAX_SECONDS"])
    row.locked_until = now + timedelta(seconds=seconds)
    row.failures = 0
    _record_lock(row.key_hash, seconds, source, address)


def _record_lock(key_hash: str, seconds: int, source: str, address: str | None) -> None:
    # Imported here: channels sit above identity; the event table is where refusals are reviewed.
    from suite.channels.models import SecurityEvent

    detail = f"account {key_hash[:16]} locked for {seconds} s after repeated failed sign-ins"
    if address:
        detail += f" (last from {address})"
    db.session.add(SecurityEvent(kind="sign_in_locked", source=source[:80], detail=detail))


def _row(key_hash: str) -> SignInThrottle | None:
    statement = select(SignInThrottle).where(SignInThrottle.key_hash == key_hash).with_for_update()
    return db.session.execute(statement.execution_options(populate_existing=True)).scalar_one_or_none()


def _new_row(key_hash: str) -> SignInThrottle:
    # Two workers may count the first failure at once: the loser reads the winner's row.
    try:
        with db.session.begin_nested():
            row = SignInThrottle(key_hash=key_hash, failures=0, lockouts=0)
            db.session.add(row)
        return row
    except IntegrityError:
        winner = _row(key_hash)
        if winner is None:  # the insert failed for another reason than the winner's row
            raise
        return winner


def _citizen_key(identifier: str) -> str:
    raw = (identifier or "").strip()
    normalised = nik_rules.normalise(raw)
    if len(normalised) == 16 and normalised.isdigit():
        citizen, shown = find_citizen_by_nik(normalised), normalised
    else:
        # Every way of writing one number counts together, known or not: were an unknown 0812... and
        # +62812... counted apart, locking one and trying the other would tell whether it is registered.
        citizen, shown = find_citizen_by_phone(raw), _phone_or_text(raw)
    return f"citizen:{citizen.id}" if citizen is not None else f"citizen?{shown}"


def _phone_or_text(raw: str) -> str:
    try:
        return to_e164(raw)
    except PhoneError:
        return raw.lower()


def _staff_key(email: str) -> str:
    email = (email or "").strip().lower()
    staff = db.session.execute(select(Staff.id).where(Staff.email == email)).scalar_one_or_none()
    return f"staff:{staff}" if staff is not None else f"staff?{email}"


def _hmac(key: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"sign-in-lock:{key}".encode(), hashlib.sha256).hexdigest()
