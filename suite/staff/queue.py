"""The staff queue query: filters, sorting by due time, keyset pagination.

Keyset ("after this due time and id"), never OFFSET: the page after the thousandth costs the
same as the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import literal, literal_column, select, text, tuple_
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import UnaryExpression

from suite.database import UTCDateTime, utcnow
from suite.extensions import db
from suite.identity.models import Staff
from suite.input_dates import InputDateError, parse_datetime
from suite.sla.policy import overdue_clause
from suite.ticketing import access, kinds, lifecycle
from suite.ticketing.models import EFFECTIVE_DUE_SQL, OPEN_SQL, Ticket

PAGE_SIZE = 50

# The deadline that matters now: the first response until there is one, then the resolution.
effective_due = literal_column(EFFECTIVE_DUE_SQL, type_=UTCDateTime())


@dataclass
class QueueParams:
    status: str = "open"
    module: str | None = None
    category: str | None = None
    kind: str | None = None  # suite.ticketing.kinds
    kecamatan: str | None = None
    mine: bool = False
    overdue: bool = False
    urgent: bool = False
    ping_pong: bool = False
    # "Diteruskan dari instansi kami": what the agency forwarded away, instead of what it holds.
    forwarded: bool = False
    sort: str = "due"  # due, newest
    cursor: str | None = None


def params_from_args(args) -> QueueParams:
    """The queue's filters from a query string (the page, its CSV and the statistics read the same)."""
    return QueueParams(
        status=args.get("status", "open"),
        module=args.get("module") or None,
        category=args.get("category") or None,
        kind=args.get("kind") or None,
        kecamatan=args.get("kecamatan") or None,
        mine=bool(args.get("mine")),
        overdue=bool(args.get("overdue")),
        urgent=bool(args.get("urgent")),
        ping_pong=bool(args.get("pingpong")),
        forwarded=bool(args.get("diteruskan")),
        sort=args.get("sort", "due"),
        cursor=args.get("setelah"),
    )


@dataclass
class QueuePage:
    tickets: list[Ticket]
    next_cursor: str | None


def queue_page(
    staff: Staff, params: QueueParams, modules: dict, now: datetime | None = None, page_size: int | None = None
) -> QueuePage:
    """One keyset page of the queue (``page_size`` rows, PAGE_SIZE by default; the CSV export asks
    for more at once)."""
    page_size = page_size or PAGE_SIZE
    now = now or utcnow()
    filters = access.forwarded_filter(staff) if params.forwarded else access.queue_filter(staff)
    filters.append(Ticket.merged_into_id.is_(None))
    if params.status == "open":
        # The partial indexes' own text (OPEN_SQL), which the planner matches to them whatever the
        # parameters (ix_tickets_open_agency_due serves the default queue, issue 13).
        filters.append(text(OPEN_SQL))
    elif params.status in lifecycle.STATUS_LABELS:
        filters.append(Ticket.status == params.status)
    if params.module in modules:
        filters.append(Ticket.module == params.module)
        if params.category:
            filters.append(Ticket.category == params.category)
    if params.kind in kinds.KINDS:
        filters.append(Ticket.kind == params.kind)
    if params.kecamatan:
        filters.append(Ticket.kecamatan_code == params.kecamatan)
    if params.mine:
        filters.append(Ticket.assignee_id == staff.id)
    if params.overdue:
        filters.append(overdue_clause(now))
    if params.urgent:
        filters.append(Ticket.priority == "urgent")
    if params.ping_pong:
        filters.append(Ticket.ping_pong.is_(True))
    order: tuple[UnaryExpression[Any], ...]
    if params.sort == "newest":
        order = (Ticket.id.desc(),)
        before_id = _ticket_id(params.cursor)
        if before_id is not None:
            filters.append(Ticket.id < before_id)
    else:
        order = (effective_due.asc(), Ticket.id.asc())
        after = _parse_due_cursor(params.cursor)
        if after:
            due, ticket_id = after
            # A row-value comparison, which PostgreSQL matches to the index (agency_id, due, id) as
            # a range start; "due > X OR (due = X AND id > Y)" let the index serve only the agency
            # and filtered 164,462 rows for one deep page at a million tickets (issue 13).
            filters.append(tuple_(effective_due, Ticket.id) > tuple_(literal(due, UTCDateTime()), literal(ticket_id)))
    # The page shows each ticket's assignee (and agency): load them in one query, not one per row.
    loads = (selectinload(Ticket.assignee), selectinload(Ticket.agency))
    rows = (
        db.session.execute(select(Ticket).where(*filters).order_by(*order).limit(page_size + 1).options(*loads))
        .scalars()
        .all()
    )
    next_cursor = None
    if len(rows) > page_size:
        last = rows[page_size - 1]
        next_cursor = str(last.id) if params.sort == "newest" else f"{_due_of(last).isoformat()}|{last.id}"
    return QueuePage(list(rows[:page_size]), next_cursor)


def _due_of(ticket: Ticket) -> datetime:
    return ticket.first_response_due_at if ticket.first_response_at is None else ticket.resolution_due_at


def _parse_due_cursor(cursor: str | None):
    if not cursor or "|" not in cursor:
        return None
    raw_due, _, raw_id = cursor.partition("|")
    ticket_id = _ticket_id(raw_id)
    try:
        due = parse_datetime(raw_due, UTC)
    except InputDateError:
        return None  # a cursor the page did not write: start from the top
    return (due, ticket_id) if ticket_id is not None else None


def _ticket_id(raw: str | None) -> int | None:
    """A cursor's ticket id, only if the database could hold it ("²" is a digit to Python)."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if value < 2**31 else None
