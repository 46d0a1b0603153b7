"""What a citizen does to their own ticket after it is answered: reopen, rate."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.database import lock_row, utcnow
from suite.errors import Conflict, Invalid
from suite.extensions import db
from suite.identity.models import Citizen
from suite.privacy.redaction import redact_nik
from suite.ticketing import lifecycle, transitions
from suite.ticketing.access import AccessDenied
from suite.ticketing.models import Rating, Ticket
from suite.ticketing.timeline import record


def _own_ticket(ticket_id: int, citizen: Citizen) -> Ticket:
    ticket = lock_row(Ticket, ticket_id)
    if ticket is None or ticket.citizen_id != citizen.id:
        raise AccessDenied()
    return ticket


def can_reopen(ticket: Ticket, now=None) -> bool:
    now = now or utcnow()
    return (
        ticket.status == lifecycle.RESOLVED
        and ticket.resolved_at is not None
        and now - ticket.resolved_at <= timedelta(days=lifecycle.REOPEN_WINDOW_DAYS)
    )


def reopen_problem(ticket: Ticket):
    """Why ``ticket`` cannot be reopened now (a message for the citizen), or None: for a channel
    that asks before it has the reason (SMS ``BUKA``); ``reopen`` applies the same rule."""
    if ticket.status != lifecycle.RESOLVED:
        return _l("Hanya laporan yang berstatus Selesai yang dapat dibuka kembali.")
    if not can_reopen(ticket):
        return _l("Batas 7 hari untuk membuka kembali laporan sudah lewat. Silakan buat laporan baru.")
    return None


def reopen(ticket_id: int, citizen: Citizen, reason: str) -> Ticket:
    """Not satisfied: back to in progress, within 7 days of the resolution. Counts against the agency."""
    reason = redact_nik((reason or "").strip())  # it also goes into the staff notification
    if len(reason) < 5:
        raise Invalid(_l("Ceritakan mengapa Anda belum puas."), {"reason": _l("Wajib diisi.")})
    ticket = _own_ticket(ticket_id, citizen)
    problem = reopen_problem(ticket)
    if problem is not None:
        raise Conflict(problem)
    ticket.reopen_count += 1
    transitions.move(
        ticket, lifecycle.IN_PROGRESS, verb=lifecycle.REOPEN, kind="reopened", citizen=citizen, body=reason
    )
    return ticket


def rating_problem(ticket: Ticket):
    """Why ``ticket`` cannot be rated now (a message for the citizen), or None: for a channel that
    asks before it has the score (SMS ``NILAI``); ``rate`` applies the same rule."""
    if ticket.status not in (lifecycle.RESOLVED, lifecycle.CLOSED) or ticket.merged_into_id:
        return _l("Penilaian baru dapat diberikan setelah laporan selesai ditangani.")
    if db.session.execute(select(Rating.id).where(Rating.ticket_id == ticket.id)).first():
        return _l("Laporan ini sudah Anda nilai.")
    return None


def rate(ticket_id: int, citizen: Citizen, score: int, comment: str | None = None) -> Rating:
    """A 1-5 rating with an optional comment, once, after the ticket is resolved."""
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise Invalid(_l("Pilih nilai 1 sampai 5."), {"score": _l("Pilih nilai 1 sampai 5.")})
    ticket = _own_ticket(ticket_id, citizen)
    problem = rating_problem(ticket)
    if problem is not None:
        raise Conflict(problem)
    rating = Rating(
        ticket_id=ticket.id,
        citizen_id=citizen.id,
        agency_id=ticket.agency_id,
        score=score,
        comment=redact_nik((comment or "").strip()) or None,
    )
    db.session.add(rating)
    record(
        ticket,
        "rated",
        citizen=citizen,
        public=True,
        body=f"{score}/5" + (f": {rating.comment}" if rating.comment else ""),
    )
    return rating


def rating_of(ticket: Ticket) -> Rating | None:
    return db.session.execute(select(Rating).where(Rating.ticket_id == ticket.id)).scalar_one_or_none()
