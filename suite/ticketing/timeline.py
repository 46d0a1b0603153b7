"""The ticket's timeline: every event is written here, and the copies kept on the ticket follow it."""

from __future__ import annotations

from sqlalchemy import update

from suite.database import utcnow
from suite.extensions import db
from suite.identity.models import Citizen, Staff
from suite.privacy.redaction import redact_nik
from suite.ticketing import lifecycle
from suite.ticketing.models import Ticket, TicketEvent


def record(
    ticket: Ticket,
    kind: str,
    *,
    staff: Staff | None = None,
    citizen: Citizen | None = None,
    public: bool,
    from_status=None,
    to_status=None,
    body=None,
    previous_agency_id=None,
    detail: dict | None = None,
) -> TicketEvent:
    """Add a timeline event. Its body is free text (replies, notes, comments, reasons): NIKs are
    masked here, the one place every event is written."""
    body = redact_nik(body) if isinstance(body, str) else body
    event = TicketEvent(
        ticket_id=ticket.id,
        kind=kind,
        public=public,
        actor_type="staff" if staff else ("citizen" if citizen else "system"),
        actor_staff_id=staff.id if staff else None,
        actor_citizen_id=citizen.id if citizen else None,
        agency_id=ticket.agency_id,
        previous_agency_id=previous_agency_id,
        from_status=from_status,
        to_status=to_status,
        body=body,
        detail=detail,
    )
    db.session.add(event)
    db.session.flush()
    if ticket.first_response_at is None and lifecycle.is_response(event):
        ticket.first_response_at = event.created_at
    if to_status == lifecycle.RESOLVED:
        ticket.resolved_at = event.created_at
    db.session.flush()
    # One atomic UPDATE: correct even if a caller forgot to lock the row.
    db.session.execute(
        update(Ticket).where(Ticket.id == ticket.id).values(event_count=Ticket.event_count + 1, updated_at=utcnow())
    )
    db.session.refresh(ticket)
    return event
