"""Inviting a staff member by a one-time link (issue 12, item 3).

An admin names the person (email, name) and what they will do (role, agency, module scopes,
call-centre duty). The link carries a random token of which only the SHA-256 is kept; it is sent
by email through the outbox and shown once to the admin (for a deployment without mail). The
invitee opens it, chooses a password under the staff policy, and only then is the account made;
the second factor is enrolled next, as at any staff sign-in. A link works once, until it expires
(``STAFF_INVITATION_HOURS``) or the admin withdraws it; a new invitation to the same address
replaces the old one. No request objects here: functions flush, never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from suite.audit.changes import snapshot
from suite.audit.services import record
from suite.database import utcnow
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.emails import EmailError, normalise_email
from suite.identity.models import Agency, Staff, StaffInvitation
from suite.identity.password_policy import AccountFacts, PasswordPolicyError, check_password
from suite.identity.services import create_staff
from suite.identity.staff_accounts import check_assignment
from suite.notify.outbox import enqueue
from suite.privacy.redaction import redact_nik

# What the audit log keeps of an invitation: never the token or its hash.
AUDITED_FIELDS = ("email", "full_name", "role", "agency_id", "module_codes", "call_centre", "expires_at")
TOKEN_MAX_LENGTH = 100  # a longer "token" is no token of ours: refused before hashing

VALID, USED, EXPIRED, WITHDRAWN, UNKNOWN = "valid", "used", "expired", "withdrawn", "unknown"


@dataclass
class Invitee:
    email: str
    full_name: str
    role: str
    agency: Agency | None
    module_codes: list[str]
    call_centre: bool


def invite(actor: Staff, invitee: Invitee, installed: Iterable[str], link_for: Callable[[str], str]) -> str:
    """Record an invitation, queue its email and return the link (to show the admin once).

    Raises ``Invalid`` naming the fields at fault (an address already used by an account, an
    unknown module, an officer without an agency, an inactive agency)."""
    errors = dict(check_assignment(invitee.role, invitee.agency, invitee.module_codes, installed))
    email = ""
    try:
        email = normalise_email(invitee.email).lower()
    except EmailError as error:
        errors["email"] = error.message
    full_name = redact_nik(" ".join((invitee.full_name or "").split()))
    if not full_name or len(full_name) > 120:
        errors["full_name"] = _l("Tulis nama lengkap (paling panjang 120 karakter).")
    if email and db.session.execute(select(Staff.id).where(Staff.email == email)).first() is not None:
        errors["email"] = _l("Alamat ini sudah dipakai akun petugas.")
    if errors:
        raise Invalid(_l("Periksa kembali isian yang ditandai."), errors)
    replaced = _withdraw_pending(email)
    token = secrets.token_urlsafe(32)
    hours = current_app.config["STAFF_INVITATION_HOURS"]
    invitation = StaffInvitation(
        token_hash=_hash(token),
        email=email,
        full_name=full_name,
        role=invitee.role,
        agency_id=invitee.agency.id if invitee.agency is not None else None,
        module_codes=sorted(set(invitee.module_codes)) or None,
        call_centre=invitee.call_centre,
        invited_by_staff_id=actor.id,
        expires_at=utcnow() + timedelta(hours=hours),
    )
    db.session.add(invitation)
    db.session.flush()
    link = link_for(token)
    with force_locale("id"):
        body = _(
            "Anda diundang sebagai petugas Layanan Warga %(regency)s oleh %(admin)s. Buka tautan ini dalam "
            "%(hours)s jam untuk membuat kata sandi dan mengaktifkan verifikasi dua langkah: %(link)s . "
            "Tautan hanya dapat dipakai sekali; jangan berikan kepada siapa pun.",
            regency=current_app.config["REGENCY_NAME"],
            admin=actor.full_name,
            hours=hours,
            link=link,
        )
        subject = _("Undangan akun petugas")
    message = enqueue("email", email, body, subject=subject)
    message.purpose = "staff_invitation"
    detail = f"{email}; replaces {replaced} pending" if replaced else email
    record(
        "invite",
        "staff_invitation",
        invitation.id,
        staff=actor,
        after=snapshot(invitation, AUDITED_FIELDS),
        detail=detail,
    )
    db.session.flush()
    return link


def state_of(token: str | None) -> tuple[str, StaffInvitation | None]:
    """What a link is now: valid (with its invitation), used, expired, withdrawn or unknown."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return UNKNOWN, None
    invitation = db.session.execute(
        select(StaffInvitation).where(StaffInvitation.token_hash == _hash(token))
    ).scalar_one_or_none()
    if invitation is None:
        return UNKNOWN, None
    if invitation.used_at is not None:
        return USED, None
    if invitation.revoked_at is not None:
        return WITHDRAWN, None
    if invitation.expires_at <= utcnow():
        return EXPIRED, None
    inviter = db.session.get(Staff, invitation.invited_by_staff_id) if invitation.invited_by_staff_id else None
    if inviter is None or not inviter.active or inviter.role != "admin":
        # An admin switched off or demoted takes their pending invitations with them: an admin
        # about to be removed cannot leave a link behind to come back by (found in review).
        return WITHDRAWN, None
    return VALID, invitation


def accept(token: str, password: str) -> Staff | None:
    """Make the account through a valid link and spend the link; None when the link is not (or no
    longer) valid, also when two requests race with it. Raises ``Invalid`` ({"password": ...}) when
    the policy refuses the password: the link stays usable."""
    state, invitation = state_of(token)
    if state != VALID or invitation is None:
        return None
    try:
        check_password(password, AccountFacts("staff", email=invitation.email, name=invitation.full_name))
    except PasswordPolicyError as error:
        raise Invalid(error.message, {"password": error.message}) from None
    if db.session.execute(select(Staff.id).where(Staff.email == invitation.email)).first() is not None:
        return None  # the address got an account another way (the CLI) since: the link is void
    spent = db.session.execute(
        update(StaffInvitation)
        .where(
            StaffInvitation.id == invitation.id,
            StaffInvitation.used_at.is_(None),
            StaffInvitation.revoked_at.is_(None),
            StaffInvitation.expires_at > utcnow(),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult, spent).rowcount != 1:  # an UPDATE gives a CursorResult
        return None
    agency = db.session.get(Agency, invitation.agency_id) if invitation.agency_id is not None else None
    staff = create_staff(
        invitation.email,
        invitation.full_name,
        password,
        role=invitation.role,
        agency=agency,
        module_codes=list(invitation.module_codes or []),
    )
    staff.call_centre = invitation.call_centre
    invitation.staff_id = staff.id
    db.session.flush()
    record(
        "invitation_accepted",
        "staff",
        staff.id,
        staff=staff,
        after=snapshot(staff, ("email", "full_name", "role", "agency_id", "module_codes", "call_centre", "active")),
        detail=f"invitation {invitation.id}",
    )
    return staff


def withdraw(actor: Staff, invitation: StaffInvitation) -> bool:
    """The admin takes back an unanswered invitation: its link stops working. False if it was
    already used, expired or withdrawn."""
    if invitation.used_at is not None or invitation.revoked_at is not None or invitation.expires_at <= utcnow():
        return False
    invitation.revoked_at = utcnow()
    db.session.flush()
    record(
        "invitation_withdrawn",
        "staff_invitation",
        invitation.id,
        staff=actor,
        before={"pending": True},
        after={"pending": False},
        detail=invitation.email,
    )
    return True


def pending() -> list[StaffInvitation]:
    """Invitations still waiting for an answer, newest first."""
    return list(
        db.session.execute(
            select(StaffInvitation)
            .where(
                StaffInvitation.used_at.is_(None),
                StaffInvitation.revoked_at.is_(None),
                StaffInvitation.expires_at > utcnow(),
            )
            .order_by(StaffInvitation.id.desc())
        ).scalars()
    )


def _withdraw_pending(email: str) -> int:
    """A new invitation replaces any unanswered one to the same address (its link stops working)."""
    result = db.session.execute(
        update(StaffInvitation)
        .where(StaffInvitation.email == email, StaffInvitation.used_at.is_(None), StaffInvitation.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount or 0


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
