"""Which target applies to a ticket, and how a ticket stands against it.

Every figure here derives from the ticket's timeline (the first public response, the first
resolution) and the target rows; nothing is entered by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, inspect, or_, select

from suite.database import utcnow
from suite.extensions import db
from suite.sla import clock
from suite.sla.models import SlaTarget
from suite.ticketing.lifecycle import OPEN_STATES, SUBMITTED
from suite.ticketing.reference_version import shared, watch


@dataclass
class Standing:
    """How one ticket stands against its target."""

    responded: bool
    response_minutes: float  # until the first response, or until now when there is none yet
    band: str  # reward, normal, sanction, pending
    met_target: bool | None  # None while unanswered and still within the target
    target: SlaTarget


# The target of a ticket no row matches (no regency-wide row seeded); suite.sla.target_sql agrees.
FALLBACK_TARGET = dict(
    first_response_minutes=2880,
    reward_minutes=10,
    sanction_minutes=2880,
    verification_minutes=4320,
    resolution_minutes=7200,
    calendar="calendar",
)


watch(SlaTarget)
_FIELDS = tuple(inspect(SlaTarget).columns.keys())
_ALL_TARGETS = select(*(getattr(SlaTarget, name) for name in _FIELDS))


def all_targets() -> list[SlaTarget]:
    """Every target as a detached copy (read-only, shared between requests while the version stands)."""
    return [SlaTarget(**dict(zip(_FIELDS, row, strict=True))) for row in db.session.execute(_ALL_TARGETS)]


def target_for(module: str, category: str, kind: str | None = None) -> SlaTarget:
    """The most specific target for a ticket of ``kind`` (None: a complaint) in module and category.
    In a request the targets come from the process's reference cache (``suite.ticketing.reference_version``)."""
    return most_specific(shared("sla_targets", all_targets), module, category, kind)


def most_specific(targets: list[SlaTarget], module: str, category: str, kind: str | None = None) -> SlaTarget:
    """``target_for`` over targets already read, for a caller choosing for many kinds of ticket at once."""
    kind = kind or "complaint"
    rows = [
        r for r in targets if r.module in (None, module) and r.category in (None, category) and r.kind in (None, kind)
    ]
    if not rows:
        return SlaTarget(module=None, category=None, **FALLBACK_TARGET)
    return max(rows, key=lambda r: (r.kind is not None, r.module is not None, r.category is not None))


def target_for_ticket(ticket) -> SlaTarget:
    return target_for(ticket.module, ticket.category, ticket.kind)


@dataclass
class DueDates:
    first_response: datetime
    verification: datetime
    resolution: datetime

    def apply(self, ticket) -> None:
        ticket.first_response_due_at = self.first_response
        ticket.verification_due_at = self.verification
        ticket.resolution_due_at = self.resolution


def due_dates(target: SlaTarget, opened_at: datetime) -> DueDates:
    return DueDates(
        *(
            clock.add_minutes(opened_at, minutes, target.calendar)
            for minutes in (target.first_response_minutes, target.verification_minutes, target.resolution_minutes)
        )
    )


def band_for(minutes: float, target: SlaTarget) -> str:
    if minutes <= target.reward_minutes:
        return "reward"
    if minutes > target.sanction_minutes:
        return "sanction"
    return "normal"


def standing(ticket, now: datetime | None = None, target: SlaTarget | None = None) -> Standing:
    target = target or target_for_ticket(ticket)
    now = now or utcnow()
    responded_at = ticket.first_response_at
    end = responded_at or now
    minutes = clock.elapsed_minutes(ticket.created_at, end, target.calendar)
    if responded_at:
        return Standing(True, minutes, band_for(minutes, target), minutes <= target.first_response_minutes, target)
    over = minutes > target.first_response_minutes
    band = "sanction" if minutes > target.sanction_minutes else "pending"
    return Standing(False, minutes, band, False if over else None, target)


def is_overdue(ticket, now: datetime | None = None) -> bool:
    """Open and past any deadline that still applies to it.

    The repair workflow's states (survey scheduled, work order issued, awaiting budget) are open
    states like any other (issue 11, item 5), and no clock stops in them: DESIGN names no pause,
    and a road that waits a year for the budget has waited a year for the citizen. So the
    resolution target keeps running and such a ticket shows as overdue in the queues, scorecards
    and the sweep; the status page says why ("Menunggu anggaran tahun 2027"). An admin who wants
    a longer target for heavy road damage sets it per category (``/admin/target``). Only
    "referred" (another government's road) ends the clocks, as a terminal state.
    """
    now = now or utcnow()
    if ticket.status not in OPEN_STATES:
        return False
    if ticket.first_response_at is None and _past(ticket.first_response_due_at, now):
        return True
    if ticket.status == SUBMITTED and _past(ticket.verification_due_at, now):
        return True
    return _past(ticket.resolution_due_at, now)


def overdue_clause(now: datetime):
    """``is_overdue`` as a WHERE clause, for queues."""
    from suite.ticketing.models import Ticket

    return and_(Ticket.status.in_(OPEN_STATES), overdue_deadlines(now))


def overdue_deadlines(now: datetime):
    """The deadline half of ``overdue_clause``, for a query that states "open" itself as the partial
    indexes' literal text (the command centre): the two status tests side by side made PostgreSQL
    misjudge the rows and scan every open ticket (64 ms at 1M tickets, 12 ms without)."""
    from suite.ticketing.models import Ticket

    return or_(
        and_(Ticket.first_response_at.is_(None), Ticket.first_response_due_at < now),
        and_(Ticket.status == SUBMITTED, Ticket.verification_due_at < now),
        Ticket.resolution_due_at < now,
    )


def _past(due: datetime | None, now: datetime) -> bool:
    return due is not None and due < now
