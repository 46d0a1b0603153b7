"""Which tickets the public may see over Open311, and GET requests' filters and defaults."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import load_only, selectinload

from suite.channels.open311.catalogue import find_service, offered_modules
from suite.channels.open311.formats import Open311Error
from suite.extensions import db
from suite.ticketing.codes import normalise_code
from suite.ticketing.lifecycle import OPEN_STATES
from suite.ticketing.models import Ticket

MAX_REQUESTS = 1000  # "the first 1000 requests or 90 days, whichever is smallest"
DEFAULT_SPAN = timedelta(days=90)
# What a service request shows (``publishing.describe_requests``, ``public_location.public_point``):
# a thousand-request answer loading every column (extras, contact fields) spent most of its time
# building objects (issue 13: ~100 ms of ~200 at a million tickets).
_ENTRY_COLUMNS = (
    Ticket.code,
    Ticket.status,
    Ticket.module,
    Ticket.category,
    Ticket.description,
    Ticket.agency_id,
    Ticket.created_at,
    Ticket.updated_at,
    Ticket.resolution_due_at,
    Ticket.desa_code,
    Ticket.referred_to,
    Ticket.latitude,
    Ticket.longitude,
    Ticket.anonymous,
    Ticket.visibility,
    Ticket.sensitive,
)


def published():
    """Public tickets of the offered modules: never confidential ones, never health data (a ticket
    that opened sensitive stays unpublished even if its category was made public later)."""
    return and_(
        Ticket.visibility == "public",
        Ticket.sensitive.is_(False),
        Ticket.module.in_([m.code for m in offered_modules()]),
    )


def published_ticket(code: str) -> Ticket | None:
    """One ticket by its tracking code (the service_request_id and the token), if the public may see it."""
    return db.session.execute(
        select(Ticket).options(selectinload(Ticket.agency)).where(published(), Ticket.code == normalise_code(code))
    ).scalar_one_or_none()


def date_window(start: datetime | None, end: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    """The requested_datetime range: the last 90 days by default, 90 days from a lone start_date or
    up to a lone end_date, and never more than 90 days."""
    if start is None:
        end = now if end is None else end
        return end - DEFAULT_SPAN, end
    if end is None:
        return start, start + DEFAULT_SPAN
    if end < start:
        raise Open311Error(400, "end_date: Must not be before start_date.")
    if end - start > DEFAULT_SPAN:
        raise Open311Error(400, "start_date, end_date: The range may not span more than 90 days.")
    return start, end


def find_requests(filters: dict, now: datetime) -> list[Ticket]:
    """Published tickets matching GET requests' filters, newest first, at most MAX_REQUESTS.

    ``service_request_id`` overrides every other filter (as the standard says); unknown or
    unpublished ids are simply absent from the answer.
    """
    statement = select(Ticket).options(load_only(*_ENTRY_COLUMNS), selectinload(Ticket.agency)).where(published())
    codes = filters.get("service_request_id")
    if codes:
        statement = statement.where(Ticket.code.in_({normalise_code(code) for code in codes}))
    else:
        start, end = date_window(filters.get("start_date"), filters.get("end_date"), now)
        statement = statement.where(Ticket.created_at >= start, Ticket.created_at <= end)
        if filters.get("service_code"):
            statement = statement.where(_services(filters["service_code"]))
        statuses = set(filters.get("status") or ())
        if statuses == {"open"}:
            statement = statement.where(Ticket.status.in_(OPEN_STATES))
        elif statuses == {"closed"}:
            statement = statement.where(Ticket.status.not_in(OPEN_STATES))
    statement = statement.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(MAX_REQUESTS)
    return list(db.session.execute(statement).scalars())


def _services(service_codes: list[str]):
    services = [service for service in map(find_service, service_codes) if service is not None]
    if not services:
        return false()
    return or_(*(and_(Ticket.module == s.module.code, Ticket.category == s.category.code) for s in services))
