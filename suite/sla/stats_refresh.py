"""Bring ``ticket_month_stats`` up to date (issue 12, item 11).

Every timeline event stamps the ticket's ``updated_at`` (suite.ticketing.timeline), so the months to
recompute are those of the tickets changed since the last refresh. Each month is recomputed whole
with one ``INSERT ... SELECT ... GROUP BY`` after deleting its rows: set-based, so the cost is one
indexed scan of that month's tickets however many changed, and the summary never drifts.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, and_, case, cast, delete, func, insert, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from suite.database import utcnow
from suite.extensions import db
from suite.sla import score_days
from suite.sla.clock import WIB
from suite.sla.models import SlaEscalation
from suite.sla.policy import overdue_deadlines
from suite.sla.ticket_stats import (
    BUCKET_COLUMNS,
    RESPONSE_BUCKETS,
    TicketMonthStat,
    TicketMonthStatusStat,
    TicketStatsState,
)
from suite.ticketing import lifecycle
from suite.ticketing.access import health_modules
from suite.ticketing.models import Ticket

# A transaction that stamped ``updated_at`` just before a refresh read it may commit just after:
# the next refresh looks this far back again, so no change is skipped.
COMMIT_MARGIN = timedelta(minutes=5)


def month_of(instant: datetime) -> date:
    local = instant.astimezone(WIB)
    return date(local.year, local.month, 1)


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The UTC instants of the WIB month's first moment and of the next month's."""
    return (
        datetime.combine(month, time.min, tzinfo=WIB),
        datetime.combine(next_month(month), time.min, tzinfo=WIB),
    )


def refresh(now: datetime | None = None, full: bool = False) -> int:
    """Recompute the months whose tickets changed since the last refresh (all months when ``full``
    or never refreshed); return how many months were recomputed. Flushes only: the caller commits."""
    now = now or utcnow()
    state = db.session.get(TicketStatsState, 1)
    if state is None:
        state = TicketStatsState(id=1)
        db.session.add(state)
    since = None if full else state.changed_since
    changed, turned_overdue = _changed_months(since)
    months = changed | turned_overdue
    for month in sorted(months):
        recompute_month(month, now, overdue_only=month not in changed)
    state.changed_since = now - COMMIT_MARGIN
    state.refreshed_at = now
    db.session.flush()
    return len(months)


def _changed_months(since: datetime | None) -> tuple[set[date], set[date]]:
    """The months whose tickets changed, and those where a ticket only turned overdue."""
    if since is None:
        first, last = db.session.execute(select(func.min(Ticket.created_at), func.max(Ticket.created_at))).one()
        if first is None:
            return set(), set()
        months, month = set(), month_of(first)
        while month <= month_of(last):
            months.add(month)
            month = next_month(month)
        # Months already summarised but now empty (tickets erased) are recomputed to nothing.
        months |= set(db.session.execute(select(TicketMonthStat.month).distinct()).scalars())
        months |= set(db.session.execute(select(TicketMonthStatusStat.month).distinct()).scalars())
        months |= set(db.session.execute(select(score_days.TicketMonthScore.month).distinct()).scalars())
        return months, set()
    changed = db.session.execute(select(Ticket.created_at).where(Ticket.updated_at >= since).distinct()).scalars()
    # A ticket turns overdue by the clock alone; the sweep records the breach, which is our cue.
    breached = db.session.execute(
        select(Ticket.created_at)
        .join(SlaEscalation, SlaEscalation.ticket_id == Ticket.id)
        .where(SlaEscalation.created_at >= since, SlaEscalation.stage == "breached")
        .distinct()
    ).scalars()
    return {month_of(created) for created in changed}, {month_of(created) for created in breached}


def recompute_month(month: date, now: datetime, overdue_only: bool = False) -> None:
    """Recompute the month's rows of both tables. With ``overdue_only`` (the sweep recorded breaches,
    nothing else changed) only the rows that can count an overdue ticket: the open states' rows of
    the table by status. Nothing else depends on the clock, and a first sweep on a backlog sees
    breaches in many months: their open tickets are a few hundred each, the whole month 40,000."""
    start, end = month_bounds(month)
    kecamatan = func.coalesce(Ticket.kecamatan_code, "")
    disclosed = disclosed_condition()
    dimensions = {
        "month": literal(month),
        "module": Ticket.module,
        "category": Ticket.category,
        "kind": Ticket.kind,
        "kecamatan_code": kecamatan,
        "agency_id": Ticket.agency_id,
        "disclosed": disclosed,
    }
    groups = [Ticket.module, Ticket.category, Ticket.kind, kecamatan, Ticket.agency_id, disclosed]
    # A deadline left empty makes the comparison NULL, not false: the column must say false.
    overdue = func.coalesce(and_(Ticket.status.in_(lifecycle.OPEN_STATES), overdue_deadlines(now)), False)
    by_state = {"status": Ticket.status, "priority": Ticket.priority, "overdue": overdue}
    tables: tuple[tuple[Any, dict[str, Any]], ...] = ((TicketMonthStat, {}), (TicketMonthStatusStat, by_state))
    for table, extra in tables[1:] if overdue_only else tables:
        stale = delete(table).where(table.month == month)
        columns = {**dimensions, **extra, **measure_columns()}
        grouped = (
            select(*[expression.label(name) for name, expression in columns.items()])
            .where(Ticket.created_at >= start, Ticket.created_at < end, Ticket.merged_into_id.is_(None))
            .group_by(*groups, *extra.values())
        )
        if overdue_only:
            stale = stale.where(table.status.in_(lifecycle.OPEN_STATES))
            grouped = grouped.where(Ticket.status.in_(lifecycle.OPEN_STATES))
        db.session.execute(stale)
        db.session.execute(insert(table).from_select(list(columns), grouped))
    # The scorecards' daily summary (issue 13) follows the same months, overdue-only ones included:
    # its "overdue now" and sanctions move with the clock too, so it is recomputed whole.
    score_days.recompute_month(start, end, now)


def disclosed_condition() -> ColumnElement[bool]:
    """True for a ticket whose details may be shown where it is counted (``TicketMonthStat.disclosed``)."""
    care = health_modules()
    return and_(
        Ticket.visibility != "confidential",
        Ticket.sensitive.is_(False),
        Ticket.module.not_in(care) if care else literal(True),
    )


def measure_columns() -> dict[str, Any]:
    """The summary's measures as aggregate SQL over ``tickets``, by column name: the refresh stores
    them per month; staff statistics compute them live for filters the summary lacks (assignee,
    status, priority), so both count the same way."""
    response = _minutes_between(Ticket.first_response_at, Ticket.created_at)
    resolution = _minutes_between(Ticket.resolved_at, Ticket.created_at)
    answered = Ticket.first_response_at.is_not(None)

    def count(condition: ColumnElement[bool]):
        return func.sum(case((condition, 1), else_=0))

    return {
        "received": func.count(),
        "answered": count(answered),
        "answered_in_target": count(
            and_(
                answered,
                or_(Ticket.first_response_due_at.is_(None), Ticket.first_response_at <= Ticket.first_response_due_at),
            )
        ),
        "response_minutes_sum": func.coalesce(func.sum(case((answered, response), else_=0)), 0),
        **{
            column: count(and_(answered, response <= edge))
            for column, edge in zip(BUCKET_COLUMNS, RESPONSE_BUCKETS, strict=True)
        },
        "resolved": count(Ticket.resolved_at.is_not(None)),
        "resolution_minutes_sum": func.coalesce(
            func.sum(case((Ticket.resolved_at.is_not(None), resolution), else_=0)), 0
        ),
        "open_now": count(Ticket.status.in_(lifecycle.OPEN_STATES)),
        "awaiting_budget": count(Ticket.status == lifecycle.AWAITING_BUDGET),
        "closed_unanswered": count(and_(Ticket.status.in_(lifecycle.TERMINAL_STATES), ~answered)),
    }


def _minutes_between(later, earlier):
    """Calendar minutes from ``earlier`` to ``later``, in SQL (both columns hold naive UTC)."""
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / 60.0
    # Whole seconds: julianday's floating point puts 10 minutes a hair above the 10-minute edge.
    seconds = cast(func.strftime("%s", later), Integer) - cast(func.strftime("%s", earlier), Integer)
    return seconds / 60.0
