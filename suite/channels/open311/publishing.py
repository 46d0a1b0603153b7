"""A ticket as a GeoReport service request: only what the standard asks for and the public may
see. Never the reporter, their contact details, extras, attachments or internal notes."""

from __future__ import annotations

from sqlalchemy import select

from suite import reference
from suite.channels.open311.catalogue import service_code_of, service_notice
from suite.channels.open311.dates import w3c_datetime
from suite.extensions import db
from suite.reference.external_bodies import external_body
from suite.registry import get_module
from suite.ticketing.lifecycle import OPEN_STATES, REFERRED
from suite.ticketing.models import Ticket, TicketEvent
from suite.ticketing.public_location import public_point

MAX_DESCRIPTION = 4000
# Staff words the public timeline shows anyway: public replies and the notes explaining a
# status change (a rejection's reason). Citizens' own comments are left out.
_NOTE_KINDS = tuple(kind for kind in ("public_reply", "status_changed") if kind in TicketEvent.PUBLIC_KINDS)


def open311_status(ticket: Ticket) -> str:
    """GeoReport knows two states: open (``lifecycle.OPEN_STATES``, waiting for the budget included)
    and closed (resolved, closed, rejected, referred to another government)."""
    return "open" if ticket.status in OPEN_STATES else "closed"


def describe_requests(tickets: list[Ticket]) -> list[dict]:
    notes = latest_public_notes([ticket.id for ticket in tickets])
    # What many requests share is worked out once per answer: a module's service standard (two
    # queries per ticket issued 2,000 statements for a thousand-request answer: 3-10 s at a million
    # tickets; issue 13), a category's translated label, a village's name, who is responsible.
    shared = _Shared()
    return [_request_entry(ticket, notes.get(ticket.id), shared) for ticket in tickets]


class _Shared:
    """Per-answer memo of the fields that depend only on reference data."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], str] = {}
        self.addresses: dict[str, str] = {}
        self.responsible: dict[tuple[str | None, str | None, int], str] = {}
        self.notices: dict[str, str | None] = {}

    def notice(self, module_code: str) -> str | None:
        if module_code not in self.notices:
            self.notices[module_code] = service_notice(get_module(module_code))
        return self.notices[module_code]

    def service_name(self, ticket: Ticket, module) -> str:
        key = (ticket.module, ticket.category)
        if key not in self.names:
            category = module.category(ticket.category, include_inactive=True) if module is not None else None
            self.names[key] = str(category.label) if category is not None else ticket.category
        return self.names[key]

    def address(self, desa_code: str) -> str:
        if desa_code not in self.addresses:
            self.addresses[desa_code] = reference.region_label(desa_code)
        return self.addresses[desa_code]

    def agency_responsible(self, ticket: Ticket) -> str:
        referred = ticket.referred_to if ticket.status == REFERRED else None
        key = (referred, ticket.desa_code if referred else None, ticket.agency_id)
        if key not in self.responsible:
            self.responsible[key] = _responsible(ticket)
        return self.responsible[key]


def _request_entry(ticket: Ticket, status_notes: str | None, shared: _Shared) -> dict:
    module = get_module(ticket.module)
    point = public_point(ticket)  # rounded; none for anonymous, confidential or health reports
    return {
        "service_request_id": ticket.code,
        "status": open311_status(ticket),
        "status_notes": status_notes,
        "service_name": shared.service_name(ticket, module),
        "service_code": service_code_of(ticket.module, ticket.category),
        "description": (ticket.description or "")[:MAX_DESCRIPTION] or None,
        "agency_responsible": shared.agency_responsible(ticket),
        "service_notice": shared.notice(ticket.module),
        "requested_datetime": w3c_datetime(ticket.created_at),
        "updated_datetime": w3c_datetime(ticket.updated_at),
        "expected_datetime": w3c_datetime(ticket.resolution_due_at),
        "address": shared.address(ticket.desa_code) if ticket.desa_code else None,
        "address_id": ticket.desa_code,
        "zipcode": None,
        "lat": point[0] if point else None,
        "long": point[1] if point else None,
        "media_url": None,  # photos may show people and homes; they stay behind sign-in
    }


def _responsible(ticket: Ticket) -> str:
    """Who addresses the request: for a report referred outside the regency, that body."""
    body = external_body(ticket.referred_to) if ticket.status == REFERRED else None
    return body.name_for(ticket.desa_code) if body is not None else ticket.agency.name


def latest_public_notes(ticket_ids: list[int]) -> dict[int, str]:
    """The newest public staff note of each ticket, in one query."""
    if not ticket_ids:
        return {}
    rows = db.session.execute(
        select(TicketEvent.ticket_id, TicketEvent.body)
        .where(
            TicketEvent.ticket_id.in_(ticket_ids),
            TicketEvent.public.is_(True),
            TicketEvent.kind.in_(_NOTE_KINDS),
            TicketEvent.actor_type == "staff",
            TicketEvent.body.is_not(None),
        )
        .order_by(TicketEvent.id)
    )
    notes: dict[int, str] = {}
    for ticket_id, body in rows:
        if body is not None:  # never: the query keeps only events with a body
            notes[ticket_id] = body  # ordered by id: the last one stays
    return notes
