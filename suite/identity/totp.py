"""The staff second factor: a TOTP secret (RFC 6238, via pyotp) and ten one-time recovery codes.

No request objects here: the sign-in views keep the half-signed-in state; this module decides
who must have a second factor, enrols, verifies and resets. Functions flush, never commit.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from typing import cast

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import CursorResult

from suite.database import utcnow
from suite.extensions import db
from suite.identity import protection
from suite.identity.models import RecoveryCode, Staff

RECOVERY_CODE_COUNT = 10
# Without 0/o, 1/l/i: a code read from paper is typed right the first time. 10 characters of this
# alphabet hold about 49 bits, out of reach of guessing at the sign-in's rate limits.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
# Codes one step before or after now are accepted: phones' clocks drift by a few seconds.
_DRIFT_STEPS = 1


def requires_second_factor(staff: Staff) -> bool:
    """Must this staff member pass a code after their password (``SUITE_STAFF_TOTP``)?"""
    if current_app.config["STAFF_TOTP"] != "privileged":
        return True
    return staff.role == "admin" or is_health_staff(staff)


def is_health_staff(staff: Staff) -> bool:
    """Staff of a care tree (Dinas Kesehatan and its units) or scoped to a health module."""
    from suite.identity.directory import care_agency_ids
    from suite.registry import enabled_modules  # the registry imports identity: import late

    health = [module for module in enabled_modules().values() if module.care_root]
    if staff.module_codes and any(module.code in staff.module_codes for module in health):
        return True
    return staff.agency_id is not None and any(
        staff.agency_id in (care_agency_ids(module) or set()) for module in health
    )


def is_enrolled(staff: Staff) -> bool:
    return staff.totp_secret_encrypted is not None and staff.totp_confirmed_at is not None


def must_enrol(staff: Staff) -> bool:
    return requires_second_factor(staff) and not is_enrolled(staff)


def pending_secret(staff: Staff) -> str:
    """The secret being enrolled: kept across page loads, so a code scanned a minute ago still works.

    Raises ``ValueError`` when the staff member is already enrolled (an admin resets first).
    """
    if is_enrolled(staff):
        raise ValueError("already enrolled")
    if staff.totp_secret_encrypted is None:
        staff.totp_secret_encrypted = protection.encrypt(pyotp.random_base32())
        staff.totp_last_step = None
        db.session.flush()
    return protection.decrypt(staff.totp_secret_encrypted)


def provisioning_uri(staff: Staff, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=staff.email, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code, drawn on the server (no script, no image host)."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def confirm_enrolment(staff: Staff, code: str) -> list[str] | None:
    """Activate the pending secret when ``code`` is valid; return the new recovery codes (shown once)."""
    if is_enrolled(staff) or staff.totp_secret_encrypted is None:
        return None
    if not _accept_totp(staff, code):
        return None
    staff.totp_confirmed_at = utcnow()
    return new_recovery_codes(staff)


def verify(staff: Staff, code: str) -> bool:
    """A sign-in code: the current TOTP code (each accepted once) or an unused recovery code."""
    if not is_enrolled(staff):
        return False
    compact = re.sub(r"[\s-]", "", code or "")
    if compact.isdigit():
        return _accept_totp(staff, compact)
    return _use_recovery_code(staff, compact.lower())


def new_recovery_codes(staff: Staff) -> list[str]:
    """Replace the staff member's recovery codes with ten new ones; only salted hashes are kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == staff.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        plain = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        salt = secrets.token_hex(16)
        db.session.add(RecoveryCode(staff_id=staff.id, salt=salt, code_hash=_hash_code(salt, plain)))
        codes.append(f"{plain[:5]}-{plain[5:]}")
    db.session.flush()
    return codes


def unused_recovery_codes(staff: Staff) -> int:
    return len(
        db.session.execute(
            select(RecoveryCode.id).where(RecoveryCode.staff_id == staff.id, RecoveryCode.used_at.is_(None))
        ).all()
    )


def enrol_with_secret(staff: Staff, secret: str) -> None:
    """Demo data and tests only: a known secret, active at once."""
    staff.totp_secret_encrypted = protection.encrypt(secret)
    staff.totp_confirmed_at = utcnow()
    staff.totp_last_step = None
    db.session.flush()


def reset(staff: Staff) -> None:
    """Forget the second factor: the next sign-in enrols again (an admin's action, audited by the caller)."""
    staff.totp_secret_encrypted = None
    staff.totp_confirmed_at = None
    staff.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == staff.id))
    db.session.flush()


def _accept_totp(staff: Staff, code: str) -> bool:
    if not (len(code) == 6 and code.isdigit()) or staff.totp_secret_encrypted is None:
        return False  # no secret means not enrolled: no code can match
    totp = pyotp.TOTP(protection.decrypt(staff.totp_secret_encrypted))
    now = int(time.time()) // totp.interval
    for step in range(now - _DRIFT_STEPS, now + _DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            # One statement decides, so two requests racing with the same code cannot both pass.
            accepted = db.session.execute(
                update(Staff)
                .where(Staff.id == staff.id, or_(Staff.totp_last_step.is_(None), Staff.totp_last_step < step))
                .values(totp_last_step=step)
                .execution_options(synchronize_session=False)
            )
            db.session.refresh(staff, ["totp_last_step"])
            return cast(CursorResult, accepted).rowcount == 1  # an UPDATE or DELETE gives a CursorResult
    return False


def _use_recovery_code(staff: Staff, plain: str) -> bool:
    if len(plain) != _RECOVERY_LENGTH:
        return False
    candidates = (
        db.session.execute(
            select(RecoveryCode).where(RecoveryCode.staff_id == staff.id, RecoveryCode.used_at.is_(None))
        )
        .scalars()
        .all()
    )
    for candidate in candidates:
        if hmac.compare_digest(candidate.code_hash, _hash_code(candidate.salt, plain)):
            used = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == candidate.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            return cast(CursorResult, used).rowcount == 1  # an UPDATE or DELETE gives a CursorResult
    return False


def _hash_code(salt: str, plain: str) -> str:
    return hashlib.sha256(f"{salt}:{plain}".encode()).hexdigest()
