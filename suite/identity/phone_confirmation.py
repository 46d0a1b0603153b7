"""Proving a phone with a one-time code (issue 9, item 5).

A six-digit random code goes out through the outbox (SMS, or WhatsApp when the citizen chose
it); only an HMAC of it is stored. A code expires (``PHONE_CODE_TTL_MINUTES``), takes at most
``PHONE_CODE_MAX_ATTEMPTS`` guesses, and may be re-sent a few times at an interval. Each phone
gets at most ``PHONE_MESSAGES_PER_DAY`` codes and notices a day, so nobody can use the suite to
flood a number. Until its phone is confirmed an account receives nothing on that phone (see
``suite.notify.outbox.citizen_route`` and the worker) and SMS from it do not attach to it.

A code belongs either to a citizen (confirming their phone) or to a NIK claim (a registrant
whose NIK another account holds proves their phone before being told so). Services flush and
never commit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Index, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model, db
from suite.notify.models import OutboxMessage
from suite.notify.outbox import enqueue

if TYPE_CHECKING:
    from suite.identity.models import Citizen
    from suite.identity.verification import IdentityClaim

# Outbox purposes that may reach a phone nobody has confirmed yet: the code itself, and the
# notice to a number's owner that someone tried to register with it.
CODE_PURPOSE = "phone_code"
NOTICE_PURPOSE = "phone_notice"
UNCONFIRMED_PURPOSES = (CODE_PURPOSE, NOTICE_PURPOSE)


class PhoneCode(Model):
    __tablename__ = "phone_codes"
    __table_args__ = (Index("ix_phone_codes_phone_created", "phone", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id", ondelete="CASCADE"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("identity_claims.id", ondelete="CASCADE"))
    # The registration page's flow: the browser holds a random token, the row its SHA-256.
    flow_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    sends: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_sent_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    used_at = mapped_column(UTCDateTime)


def hash_flow_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def _hash_code(code: str) -> str:
    # Keyed, so a copy of the table does not give the codes away by trying the million values.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"phone-code:{code}".encode(), hashlib.sha256).hexdigest()


def _setting(name: str) -> int:
    return int(current_app.config[name])


def messages_today(phone: str) -> int:
    since = utcnow() - timedelta(days=1)
    return db.session.execute(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.recipient == phone,
            OutboxMessage.purpose.in_(UNCONFIRMED_PURPOSES),
            OutboxMessage.created_at >= since,
        )
    ).scalar_one()


def _budget_left(phone: str) -> bool:
    return messages_today(phone) < _setting("PHONE_MESSAGES_PER_DAY")


def _send(phone: str, channel: str, body: str, purpose: str, citizen_id: int | None) -> None:
    message = enqueue("whatsapp" if channel == "whatsapp" else "sms", phone, body, citizen_id=citizen_id)
    message.purpose = purpose


def _code_text(code: str) -> str:
    with force_locale("id"):
        return _(
            "Kode verifikasi Layanan Warga: %(code)s. Berlaku %(minutes)s menit. Jangan berikan kode ini "
            "kepada siapa pun, termasuk petugas.",
            code=code,
            minutes=_setting("PHONE_CODE_TTL_MINUTES"),
        )


def issue_code(
    phone: str, *, citizen=None, claim=None, flow_token: str | None = None, channel: str = "sms"
) -> PhoneCode | None:
    """Send a fresh code to ``phone`` for a citizen or a claim; earlier live codes of the same
    owner stop working. Returns None (nothing sent) when the phone's daily budget is spent."""
    if not _budget_left(phone) or _owned_by_other(phone, getattr(citizen, "id", None)):
        return None
    now = utcnow()
    for old in _live_codes(citizen_id=getattr(citizen, "id", None), claim_id=getattr(claim, "id", None)):
        old.used_at = now  # one live code at a time
    code = f"{secrets.randbelow(10**6):06d}"
    row = PhoneCode(
        phone=phone,
        citizen_id=getattr(citizen, "id", None),
        claim_id=getattr(claim, "id", None),
        flow_token_hash=hash_flow_token(flow_token) if flow_token else None,
        code_hash=_hash_code(code),
        created_at=now,
        last_sent_at=now,
        expires_at=now + timedelta(minutes=_setting("PHONE_CODE_TTL_MINUTES")),
    )
    db.session.add(row)
    _send(phone, channel, _code_text(code), CODE_PURPOSE, getattr(citizen, "id", None))
    db.session.flush()
    return row


def issue_decoy(phone: str, flow_token: str) -> PhoneCode:
    """A code row for a registration with a number an account already has: no code is sent and none
    can match (its hash is of a random token, not of six digits), but it is tried, locked, resent and
    expires on the server exactly like a real one, so the code page tells nobody the number is taken."""
    now = utcnow()
    row = PhoneCode(
        phone=phone,
        flow_token_hash=hash_flow_token(flow_token),
        code_hash=_hash_code(secrets.token_urlsafe(32)),
        created_at=now,
        last_sent_at=now,
        expires_at=now + timedelta(minutes=_setting("PHONE_CODE_TTL_MINUTES")),
    )
    db.session.add(row)
    db.session.flush()
    return row


def is_decoy(row: PhoneCode) -> bool:
    """No code went out for it: a taken number's registration, or a number someone else proved since."""
    return (row.citizen_id is None and row.claim_id is None) or _owned_by_other(row.phone, row.citizen_id)


def _owned_by_other(phone: str, citizen_id: int | None) -> bool:
    from suite.identity.services import phone_owner_id

    owner = phone_owner_id(phone)
    return owner is not None and owner != citizen_id


def resend(row: PhoneCode, channel: str = "sms") -> bool:
    """A new code in place of ``row`` (same owner and flow), within the resend limits."""
    now = utcnow()
    if row.used_at is not None or row.sends >= _setting("PHONE_CODE_MAX_SENDS"):
        return False
    if now - row.last_sent_at < timedelta(seconds=_setting("PHONE_CODE_RESEND_SECONDS")):
        return False
    if not _budget_left(row.phone):
        return False
    decoy = is_decoy(row)
    code = secrets.token_urlsafe(32) if decoy else f"{secrets.randbelow(10**6):06d}"
    row.code_hash, row.attempts, row.sends = _hash_code(code), 0, row.sends + 1
    row.last_sent_at, row.expires_at = now, now + timedelta(minutes=_setting("PHONE_CODE_TTL_MINUTES"))
    if not decoy:  # the number's owner was told once; a decoy sends nothing more
        _send(row.phone, channel, _code_text(code), CODE_PURPOSE, row.citizen_id)
    db.session.flush()
    return True


def check_code(row: PhoneCode, entered: str) -> str:
    """``"ok"`` (the row is used up), ``"wrong"``, ``"expired"`` or ``"locked"`` (too many tries)."""
    if row.used_at is not None or utcnow() >= row.expires_at:
        return "expired"
    if row.attempts >= _setting("PHONE_CODE_MAX_ATTEMPTS"):
        return "locked"
    entered = "".join(ch for ch in (entered or "") if ch.isdigit())
    if len(entered) == 6 and hmac.compare_digest(row.code_hash, _hash_code(entered)):
        row.used_at = utcnow()
        db.session.flush()
        return "ok"
    row.attempts += 1
    db.session.flush()
    return "locked" if row.attempts >= _setting("PHONE_CODE_MAX_ATTEMPTS") else "wrong"


def code_for_flow(flow_token: str | None) -> PhoneCode | None:
    if not flow_token:
        return None
    return db.session.execute(
        select(PhoneCode)
        .where(PhoneCode.flow_token_hash == hash_flow_token(flow_token))
        .order_by(PhoneCode.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def latest_code_for_citizen(citizen_id: int) -> PhoneCode | None:
    return db.session.execute(
        select(PhoneCode).where(PhoneCode.citizen_id == citizen_id).order_by(PhoneCode.id.desc()).limit(1)
    ).scalar_one_or_none()


def _live_codes(citizen_id: int | None, claim_id: int | None) -> list[PhoneCode]:
    if citizen_id is None and claim_id is None:
        return []
    owner = PhoneCode.citizen_id == citizen_id if citizen_id is not None else PhoneCode.claim_id == claim_id
    return list(db.session.execute(select(PhoneCode).where(owner, PhoneCode.used_at.is_(None))).scalars())


class PhoneTaken(Exception):
    """Another account proved this number first."""


def confirm_phone(citizen) -> None:
    """The phone is proven: messages may go to it and SMS from it attach to the account. Raises
    ``PhoneTaken`` when another account proved the number first (one owner per number)."""
    from suite.identity.services import phone_owner_id

    owner = phone_owner_id(citizen.phone)
    if owner is not None and owner != citizen.id:
        raise PhoneTaken(citizen.phone)
    if citizen.phone_confirmed_at is None:
        citizen.phone_confirmed_at = utcnow()
    for old in _live_codes(citizen.id, None):
        old.used_at = citizen.phone_confirmed_at
    db.session.flush()


def confirm_holder(row: PhoneCode) -> Citizen | IdentityClaim:
    """The code was right: its identity claim (now open for the desk) or its citizen holds the phone.

    Flushes, never commits. Raises ``PhoneTaken`` when another account proved the number first."""
    from suite.identity.models import Citizen
    from suite.identity.verification import IdentityClaim

    if row.claim_id is not None:
        claim = db.session.get_one(IdentityClaim, row.claim_id)
        claim.phone_confirmed_at, claim.status = utcnow(), "open"
        return claim
    citizen = db.session.get_one(Citizen, row.citizen_id)
    confirm_phone(citizen)
    return citizen


def notify_number_owner(phone: str) -> None:
    """Someone tried to register with a number an account already has: tell the number, not them."""
    if not _budget_left(phone):
        return
    with force_locale("id"):
        body = _(
            "Seseorang mencoba mendaftar di Layanan Warga dengan nomor HP ini. Jika itu Anda, silakan masuk "
            "atau atur ulang kata sandi. Jika bukan, abaikan pesan ini."
        )
    _send(phone, "sms", body, NOTICE_PURPOSE, None)
    db.session.flush()


def preferred_code_channel(citizen) -> str:
    return "whatsapp" if getattr(citizen, "preferred_channel", None) == "whatsapp" else "sms"
