"""The citizen's rights over their data (UU 27/2022 art. 5-9): access (a full export), consent
withdrawal, and erasure, with legal holds that stop an erasure.

Services take the citizen and plain data, flush, never commit, never read the request.

Erasure keeps the citizen's row, anonymised, so tickets and statistics keep their shape:
- gone: name, NIK (ciphertext and blind index, so the NIK can register again), phone, email,
  password, exact birth date (the year stays, for age statistics), identity verification,
  sessions and app tokens, notifications, messages held or received from their phone, outbox
  message bodies, attachments (rows and files), follows;
- kept: sex, desa (a place, like the ticket's own location: area statistics need it; with name, NIK
  and birth date gone it no longer points at one person), tickets with their NIK-redacted text,
  ratings, the audit trail (append-only by law and design) and the record of the request itself;
- modules de-identify their own rows (``ServiceModule.erase_personal_data``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, null, or_, select, update

from suite import reference
from suite.audit.services import record
from suite.database import utcnow
from suite.extensions import db
from suite.identity.models import Citizen, Staff, UserSession
from suite.privacy.records import LegalHold, PrivacyRequest
from suite.privacy.retention import remove_attachments
from suite.registry import Consent, enabled_modules

ERASED_NAME = "[dihapus]"
NOTIFICATIONS_CONSENT = "core:notifications"
# Extras keys that name or reach a person other than through the account (reporters, contacts).
PERSONAL_EXTRAS = ("name", "nama", "phone", "telepon", "hp", "email", "contact", "kontak", "reporter")


# -- access ---------------------------------------------------------------------------------


def export_data(citizen: Citizen, *, full_nik: bool = False) -> dict:
    """Everything the suite holds about the citizen, JSON-ready. The NIK is masked unless
    ``full_nik`` (the printable page the citizen opens after re-entering their password)."""
    from suite.ticketing.models import Ticket

    tickets = (
        db.session.execute(select(Ticket).where(Ticket.citizen_id == citizen.id).order_by(Ticket.created_at))
        .scalars()
        .all()
    )
    return _plain(
        {
            "generated_at": utcnow(),
            "profile": _profile(citizen, full_nik),
            "tickets": [_ticket(ticket) for ticket in tickets],
            "comments_on_other_tickets": _comments_elsewhere(citizen),
            "followed_tickets": _followed(citizen),
            "notifications": _notifications(citizen),
            "consents": [_consent(c) for c in consents(citizen)],
            "sessions": _sessions(citizen),
            "access_log": _access_log(citizen, [t.code for t in tickets]),
            "privacy_requests": [
                {"kind": r.kind, "status": r.status, "detail": r.detail, "at": r.created_at} for r in _requests(citizen)
            ],
            "modules": {
                code: data for code, module in enabled_modules().items() if (data := module.personal_data(citizen))
            },
        }
    )


def record_export(citizen: Citizen, form: str) -> None:
    """Audit the download and keep it among the citizen's requests (flush only)."""
    db.session.add(PrivacyRequest(citizen_id=citizen.id, kind="export", status="done", detail=form))
    record("export", "citizen", citizen.id, citizen=citizen, detail=f"data-subject export ({form})")
    db.session.flush()


def _profile(citizen: Citizen, full_nik: bool) -> dict:
    desa = reference.desa(citizen.desa_code)
    return {
        "full_name": citizen.full_name,
        "nik": citizen.nik if full_nik else citizen.nik_masked,
        "birth_date": citizen.birth_date,
        "sex": citizen.sex,
        "phone": citizen.phone,
        "phone_confirmed_at": citizen.phone_confirmed_at,
        "email": citizen.email,
        "desa_code": citizen.desa_code,
        "desa": desa.name if desa else None,
        "preferred_channel": citizen.preferred_channel,
        "created_at": citizen.created_at,
        "identity_verified_at": getattr(citizen, "identity_verified_at", None),
    }


def _service_name(code: str) -> str:
    module = enabled_modules().get(code)
    return str(module.name) if module is not None else code


def _ticket(ticket) -> dict:
    from suite.ticketing.models import Rating

    rating = db.session.execute(select(Rating).where(Rating.ticket_id == ticket.id)).scalar_one_or_none()
    return {
        "code": ticket.code,
        "module": ticket.module,
        # The service as the citizen knows it ("e-Sehat"); the code above is for machines (issue 12).
        "service": _service_name(ticket.module),
        "category": ticket.category,
        "status": ticket.status,
        "channel": ticket.channel,
        "title": ticket.title,
        "description": ticket.description,
        "desa_code": ticket.desa_code,
        "latitude": ticket.latitude,
        "longitude": ticket.longitude,
        "extras": ticket.extras,
        "reporter": ticket.reporter,
        "agency": ticket.agency.name,
        "created_at": ticket.created_at,
        "resolved_at": ticket.resolved_at,
        # Internal notes are the agency's working papers about the case, not data about the citizen.
        "events": [
            {
                "kind": e.kind,
                "at": e.created_at,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "by": e.actor_type,
                "body": e.body,
            }
            for e in ticket.events
            if e.public
        ],
        "attachments": [
            {"name": a.original_name, "type": a.content_type, "size": a.size, "at": a.created_at}
            for a in ticket.attachments
        ],
        "rating": {"score": rating.score, "comment": rating.comment, "at": rating.created_at} if rating else None,
    }


def _comments_elsewhere(citizen: Citizen) -> list[dict]:
    from suite.ticketing.models import Ticket, TicketEvent

    rows = db.session.execute(
        select(TicketEvent, Ticket.code)
        .join(Ticket)
        .where(
            TicketEvent.actor_citizen_id == citizen.id,
            or_(Ticket.citizen_id.is_(None), Ticket.citizen_id != citizen.id),
        )
    ).all()
    return [{"ticket": code, "kind": event.kind, "at": event.created_at, "body": event.body} for event, code in rows]


def _followed(citizen: Citizen) -> list[str]:
    from suite.ticketing.models import Follower, Ticket

    return list(
        db.session.execute(
            select(Ticket.code).join(Follower, Follower.ticket_id == Ticket.id).where(Follower.citizen_id == citizen.id)
        ).scalars()
    )


def _notifications(citizen: Citizen) -> list[dict]:
    from suite.notify.models import Notification, OutboxMessage

    shown = db.session.execute(
        select(Notification).where(Notification.recipient_type == "citizen", Notification.recipient_id == citizen.id)
    ).scalars()
    sent = db.session.execute(select(OutboxMessage).where(OutboxMessage.citizen_id == citizen.id)).scalars()
    return [{"kind": "in_app", "at": n.created_at, "body": n.body} for n in shown] + [
        {"kind": m.channel, "to": m.recipient, "at": m.created_at, "status": m.status, "body": m.body} for m in sent
    ]


def _sessions(citizen: Citizen) -> list[dict]:
    from suite.channels.models import CitizenToken

    rows = [
        {
            "kind": "browser",
            "started_at": s.created_at,
            "last_seen_at": s.last_seen_at,
            "ended_at": s.revoked_at,
            "ip_address": s.ip_address,
            "user_agent": s.user_agent,
        }
        for s in db.session.execute(
            select(UserSession).where(UserSession.account_kind == "citizen", UserSession.account_id == citizen.id)
        ).scalars()
    ]
    rows += [
        {"kind": "app", "started_at": t.created_at, "expires_at": t.expires_at, "ended_at": t.revoked_at}
        for t in db.session.execute(select(CitizenToken).where(CitizenToken.citizen_id == citizen.id)).scalars()
    ]
    return rows


def _access_log(citizen: Citizen, ticket_codes: list[str]) -> list[dict]:
    """Who read or changed the citizen's data (UU 27/2022: the subject may know who processed it).
    Staff appear by agency and role: their names are their own personal data."""
    from suite.audit.models import AuditEntry

    about = or_(
        AuditEntry.citizen_id == citizen.id,
        (AuditEntry.resource_type == "citizen") & (AuditEntry.resource_id == str(citizen.id)),
    )
    if ticket_codes:
        about = or_(about, (AuditEntry.resource_type == "ticket") & AuditEntry.resource_id.in_(ticket_codes))
    entries = db.session.execute(select(AuditEntry).where(about).order_by(AuditEntry.id)).scalars().all()
    staff = {
        s.id: s
        for s in db.session.execute(
            select(Staff).where(Staff.id.in_({e.staff_id for e in entries if e.staff_id}))
        ).scalars()
    }
    return [
        {
            "at": e.created_at,
            "action": e.action,
            "resource": f"{e.resource_type} {e.resource_id}",
            "by": _who(staff.get(e.staff_id) if e.staff_id else None, e, citizen),
            "detail": e.detail,
        }
        for e in entries
    ]


def _who(staff: Staff | None, entry, citizen: Citizen) -> str:
    if staff is not None:
        agency = staff.agency.short_name if staff.agency else "Pemkab"
        return f"{agency} ({staff.role})"
    return "you" if entry.citizen_id == citizen.id else "system"


def _requests(citizen: Citizen) -> list[PrivacyRequest]:
    return list(
        db.session.execute(
            select(PrivacyRequest).where(PrivacyRequest.citizen_id == citizen.id).order_by(PrivacyRequest.id)
        ).scalars()
    )


def _consent(consent: Consent) -> dict:
    return {
        "key": consent.key,
        "purpose": str(consent.purpose),
        "given_at": consent.given_at,
        "withdrawn_at": consent.withdrawn_at,
    }


def _plain(value):
    """JSON-ready: dates as ISO strings, lazy strings as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# -- consents -------------------------------------------------------------------------------


def consents(citizen: Citizen) -> list[Consent]:
    """The suite's own consent (messages on the phone or email) and every module's."""
    withdrawn = next(
        (
            r.created_at
            for r in reversed(_requests(citizen))
            if r.kind == "consent_withdrawal" and r.detail == NOTIFICATIONS_CONSENT
        ),
        None,
    )
    messaging = citizen.preferred_channel in ("sms", "whatsapp", "email")
    found = [
        Consent(
            key=NOTIFICATIONS_CONSENT,
            purpose=_l("Pemberitahuan laporan lewat SMS, WhatsApp atau email"),
            given_at=citizen.created_at if messaging else None,
            withdrawn_at=None if messaging else withdrawn,
            withdrawal_effect=_l(
                "Kabar laporan hanya tampil di akun Anda; pesan yang sudah terkirim tidak ditarik. "
                "Anda bisa mengaktifkannya lagi di Pengaturan akun."
            ),
        )
    ]
    for module in enabled_modules().values():
        found += module.consents(citizen)
    return found


def withdraw_consent(citizen: Citizen, key: str) -> Consent | None:
    """Withdraw one consent by key; None when the citizen has no such active consent. Withdrawal
    stops future processing for that purpose; what was done before stays lawful and is not erased."""
    consent = next((c for c in consents(citizen) if c.key == key and c.active), None)
    if consent is None:
        return None
    now = utcnow()
    if key == NOTIFICATIONS_CONSENT:
        citizen.preferred_channel = "web"
    elif not any(module.withdraw_consent(citizen, key, now) for module in enabled_modules().values()):
        return None
    db.session.add(PrivacyRequest(citizen_id=citizen.id, kind="consent_withdrawal", status="done", detail=key))
    record("update", "consent", key, citizen=citizen, detail="consent withdrawn by the citizen")
    db.session.flush()
    consent.withdrawn_at = now
    return consent


# -- legal holds ----------------------------------------------------------------------------


def legal_holds(citizen: Citizen) -> list:
    """Reasons the citizen's data may not be erased now: holds staff placed, and modules' own."""
    placed = db.session.execute(
        select(LegalHold).where(LegalHold.citizen_id == citizen.id, LegalHold.released_at.is_(None))
    ).scalars()
    reasons = [_l("Ditahan oleh petugas: %(reason)s", reason=hold.reason) for hold in placed]
    for module in enabled_modules().values():
        reasons += module.legal_holds(citizen)
    return reasons


def place_legal_hold(citizen: Citizen, reason: str, staff: Staff | None = None) -> LegalHold:
    from suite.privacy.redaction import redact_nik  # staff free text may quote a NIK

    hold = LegalHold(
        citizen_id=citizen.id, reason=redact_nik(reason.strip())[:300], placed_by_staff_id=getattr(staff, "id", None)
    )
    db.session.add(hold)
    record("create", "legal_hold", citizen.id, staff=staff, detail=hold.reason)
    db.session.flush()
    return hold


def release_legal_holds(citizen: Citizen, staff: Staff | None = None) -> int:
    holds = (
        db.session.execute(select(LegalHold).where(LegalHold.citizen_id == citizen.id, LegalHold.released_at.is_(None)))
        .scalars()
        .all()
    )
    for hold in holds:
        hold.released_at, hold.released_by_staff_id = utcnow(), getattr(staff, "id", None)
    if holds:
        record("update", "legal_hold", citizen.id, staff=staff, detail=f"{len(holds)} released")
    db.session.flush()
    return len(holds)


# -- erasure --------------------------------------------------------------------------------


@dataclass
class ErasureOutcome:
    erased: bool
    holds: list = field(default_factory=list)


def request_erasure(citizen: Citizen) -> ErasureOutcome:
    """Erase the citizen's personal data unless a legal hold applies; either way the request is
    recorded and audited. Flushes; the caller commits, then signs the browser out."""
    holds = legal_holds(citizen)
    if holds:
        db.session.add(
            PrivacyRequest(
                citizen_id=citizen.id, kind="erasure", status="refused", detail="; ".join(str(h) for h in holds)[:300]
            )
        )
        record("update", "citizen", citizen.id, citizen=citizen, detail="erasure refused: legal hold")
        db.session.flush()
        return ErasureOutcome(False, holds)
    for module in enabled_modules().values():
        module.erase_personal_data(citizen)
    _anonymise_tickets(citizen)
    _forget_contacts(citizen)
    _end_sessions(citizen)
    _anonymise_account(citizen)
    db.session.add(PrivacyRequest(citizen_id=citizen.id, kind="erasure", status="done"))
    record("erase", "citizen", citizen.id, citizen=citizen, detail="erasure carried out at the citizen's request")
    db.session.flush()
    return ErasureOutcome(True)


def _anonymise_tickets(citizen: Citizen) -> None:
    from suite.ticketing.models import Attachment, Follower, Ticket

    tickets = db.session.execute(select(Ticket).where(Ticket.citizen_id == citizen.id)).scalars().all()
    for ticket in tickets:
        ticket.reporter = null()
        if ticket.extras:
            ticket.extras = {
                k: (None if any(word in k.lower() for word in PERSONAL_EXTRAS) else v) for k, v in ticket.extras.items()
            }
    db.session.flush()
    if tickets:
        remove_attachments(
            db.session.execute(
                select(Attachment.id, Attachment.stored_name).where(Attachment.ticket_id.in_([t.id for t in tickets]))
            ).all()
        )
        for ticket in tickets:
            db.session.expire(ticket, ["attachments"])
    db.session.execute(delete(Follower).where(Follower.citizen_id == citizen.id))


def _forget_contacts(citizen: Citizen) -> None:
    from suite.channels.models import CitizenToken, HeldReport, InboundMessage
    from suite.notify.models import Notification, OutboxMessage

    addresses = [a for a in (citizen.phone, citizen.email) if a]
    db.session.execute(
        delete(Notification).where(Notification.recipient_type == "citizen", Notification.recipient_id == citizen.id)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.citizen_id == citizen.id, OutboxMessage.status == "pending")
        .values(status="failed", last_error="recipient erased")
    )
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.citizen_id == citizen.id).values(body="", subject=None, recipient="-")
    )
    if addresses:
        # Blanked, not deleted: the row's (channel, external_id) still recognises a gateway's replay.
        db.session.execute(
            update(InboundMessage).where(InboundMessage.sender.in_(addresses)).values(body=None, sender="")
        )
        db.session.execute(delete(HeldReport).where(HeldReport.phone.in_(addresses)))
    db.session.execute(delete(CitizenToken).where(CitizenToken.citizen_id == citizen.id))
    for module_path, name in (
        ("suite.identity.models", "PasswordResetToken"),
        ("suite.identity.phone_confirmation", "PhoneCode"),
    ):
        model = _optional(module_path, name)
        if model is not None:
            db.session.execute(delete(model).where(model.citizen_id == citizen.id))


def _end_sessions(citizen: Citizen) -> None:
    try:  # server-side sessions (issue 9, item 3): every browser of this account is signed out
        from suite.identity.sessions import end_all_sessions
    except ImportError:
        return
    end_all_sessions(citizen)


def _anonymise_account(citizen: Citizen) -> None:
    citizen.full_name = ERASED_NAME
    citizen.nik_encrypted = None
    citizen.nik_index = None  # the NIK may register again
    citizen.phone = f"dihapus-{citizen.id}"[:20]  # unique and never a number anyone can reach
    citizen.phone_confirmed_at = None
    citizen.email = None
    citizen.password_hash = "!erased"  # not an argon2 hash: no password ever matches
    citizen.birth_date = date(citizen.birth_date.year, 1, 1)
    citizen.preferred_channel = "web"
    citizen.nik_warnings = None
    for name in ("identity_verified_at", "identity_verified_by_staff_id", "identity_verification_method"):
        if hasattr(citizen, name):
            setattr(citizen, name, None)
    citizen.erased_at = utcnow()


def _optional(module_path: str, name: str):
    import importlib

    try:
        return getattr(importlib.import_module(module_path), name, None)
    except ImportError:
        return None


def find_citizen(citizen_id) -> Citizen | None:
    return db.session.get(Citizen, int(citizen_id)) if str(citizen_id or "").isdigit() else None
