"""Changing a password, and resetting a forgotten one by a one-time link sent through the outbox.

For citizens and staff alike. No request objects here: the views pass the link builder and end
the sessions; these functions flush, never commit. A reset link is random, kept only as its
SHA-256, used once, and expires after ``PASSWORD_RESET_MINUTES``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import cast

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from suite.database import utcnow
from suite.extensions import db
from suite.identity import nik as nik_rules
from suite.identity.models import Citizen, PasswordResetToken, Staff
from suite.identity.password_policy import AccountFacts, PasswordPolicyError, check_password
from suite.identity.passwords import hash_password, verify_password
from suite.identity.services import find_citizen_by_nik, find_citizen_by_phone
from suite.notify.outbox import enqueue


class PasswordChangeError(ValueError):
    """A refused change; ``field`` names the form input at fault."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def change_password(account: Citizen | Staff, current: str, new: str) -> None:
    """The account holder changes their password: the current one is required, the policy applies,
    and the account is told on its channel. Raises ``PasswordChangeError``."""
    if not verify_password(account.password_hash, current or ""):
        raise PasswordChangeError("current_password", _l("Kata sandi saat ini salah."))
    if verify_password(account.password_hash, new or ""):
        raise PasswordChangeError("new_password", _l("Kata sandi baru harus berbeda dari yang lama."))
    _set_password(account, new)


def find_citizen(identifier: str) -> Citizen | None:
    """The citizen a reset request names, by NIK or phone (as at sign-in)."""
    normalised = nik_rules.normalise(identifier or "")
    if len(normalised) == 16 and normalised.isdigit():
        return find_citizen_by_nik(normalised)
    return find_citizen_by_phone(identifier or "")


def find_staff(email: str) -> Staff | None:
    staff = db.session.execute(select(Staff).where(Staff.email == (email or "").strip().lower())).scalar_one_or_none()
    return staff if staff is not None and staff.active else None


def request_reset(account: Citizen | Staff | None, link_for: Callable[[str], str]) -> bool:
    """Send a one-time reset link to the account's own channel; False when it has none.

    ``account`` may be None (nobody has that NIK, phone or email): nothing is sent, and the caller
    answers exactly as when a link went out.
    """
    if account is None:
        return False
    route = _route(account)
    if route is None:
        return False
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordResetToken(
            token_hash=_hash(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
            citizen_id=account.id if not account.is_staff else None,
            staff_id=account.id if account.is_staff else None,
        )
    )
    channel, address = route
    with force_locale("id"):
        body = _(
            "Untuk mengatur ulang kata sandi akun Layanan Warga, buka tautan ini dalam %(minutes)s menit: "
            "%(link)s . Abaikan pesan ini bila Anda tidak memintanya; jangan berikan tautan ini kepada siapa pun.",
            minutes=minutes,
            link=link_for(token),
        )
        subject = _("Atur ulang kata sandi") if channel == "email" else None
    message = enqueue(channel, address, body, subject=subject, citizen_id=None if account.is_staff else account.id)
    message.purpose = "password_reset"
    db.session.flush()
    return True


def valid_reset(token: str, kind: str) -> PasswordResetToken | None:
    """The unused, unexpired reset record of ``token`` for an account of ``kind`` ("citizen"/"staff")."""
    if not token or len(token) > 100:
        return None
    record = db.session.execute(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _hash(token))
    ).scalar_one_or_none()
    if record is None or record.used_at is not None or record.expires_at <= utcnow():
        return None
    account = _account_of(record)
    if account is None or (kind == "staff") != account.is_staff or not account.is_active:
        return None
    return record


def complete_reset(token: str, kind: str, new: str) -> Citizen | Staff | None:
    """Set a new password through a reset link; None when the link is not (or no longer) valid.

    The link is spent even when two requests race with it. Raises ``PasswordChangeError`` when the
    policy refuses the password (the link stays usable).
    """
    record = valid_reset(token, kind)
    if record is None:
        return None
    account = _account_of(record)
    if account is None:  # valid_reset found it a moment ago; gone now means the link is not valid
        return None
    _check_policy(account, new)
    spent = db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == record.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult, spent).rowcount != 1:  # an UPDATE or DELETE gives a CursorResult
        return None
    _set_password(account, new)
    return account


def facts_of(account: Citizen | Staff) -> AccountFacts:
    if account.is_staff:
        return AccountFacts("staff", phone=account.phone, email=account.email, name=account.full_name)
    nik = account.nik if account.nik_encrypted else None
    return AccountFacts("citizen", nik=nik, phone=account.phone, email=account.email, name=account.full_name)


def _check_policy(account: Citizen | Staff, new: str) -> None:
    try:
        check_password(new, facts_of(account))
    except PasswordPolicyError as error:
        raise PasswordChangeError("new_password", error.message) from None


def _set_password(account: Citizen | Staff, new: str) -> None:
    _check_policy(account, new)
    account.password_hash = hash_password(new)
    # A link asked for before the change must not undo it.
    column = PasswordResetToken.staff_id if account.is_staff else PasswordResetToken.citizen_id
    db.session.execute(
        update(PasswordResetToken)
        .where(column == account.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    route = _route(account)
    if route is not None:
        channel, address = route
        with force_locale("id"):
            body = _(
                "Kata sandi akun Layanan Warga Anda baru saja diubah. Bila bukan Anda yang mengubahnya, "
                "segera atur ulang kata sandi atau hubungi petugas."
            )
            subject = _("Kata sandi Anda diubah") if channel == "email" else None
        message = enqueue(channel, address, body, subject=subject, citizen_id=None if account.is_staff else account.id)
        message.purpose = "password_changed"
    db.session.flush()


def _route(account: Citizen | Staff) -> tuple[str, str] | None:
    """Where account messages go: staff by email; a citizen to their confirmed phone (SMS, or
    WhatsApp when they chose it) or their email. An unconfirmed phone receives nothing."""
    if account.is_staff:
        return ("email", account.email) if account.email else None
    if account.preferred_channel == "email" and account.email:
        return "email", account.email
    if account.phone_confirmed_at is not None and account.phone:
        return ("whatsapp" if account.preferred_channel == "whatsapp" else "sms"), account.phone
    return ("email", account.email) if account.email else None


def _account_of(record: PasswordResetToken) -> Citizen | Staff | None:
    if record.staff_id is not None:
        return db.session.get(Staff, record.staff_id)
    return db.session.get(Citizen, record.citizen_id) if record.citizen_id is not None else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
