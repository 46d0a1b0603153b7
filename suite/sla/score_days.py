"""Daily scorecard figures kept as a summary table (issue 13): what ``/petugas/kinerja`` reads.

The scorecards cover any span of WIB days for any agency subtree, per agency and per officer. Scoring
every ticket of the span in Python took 3.8 s for a month and 18 s (and a 500: one bound parameter
per ticket's rating) for a year at a million tickets. This table holds, per WIB day of creation,
agency and assignee, the counts and sums the scorecard is made of, so a year is ~365 x (agencies +
officers) rows summed in SQL.

Medians and the 90th percentile come from cumulative histograms (``SCORE_EDGES``, minutes in the
ticket's target calendar): the rank's bucket is found and the value interpolated linearly inside it
(the last bucket runs to the largest value seen). Precision: a reported figure lies in the same
bucket as the exact one, and the buckets are at most 1.5x wide (e.g. a true median of 100 minutes
reads between 90 and 120); a value on a bucket edge, and a bucket holding one ticket, read exactly.
The median is the nearest-rank one (the 50th percentile), not the mean of the two middle values.

Like ``ticket_month_stats`` (which ``suite.sla.stats_refresh`` refreshes alongside, month by month,
from tickets changed since the last run or seen breaching by the sweep), figures that move with the
clock alone (overdue now, an unanswered ticket passing its sanction time) are as of the last
refresh, and a target an admin changes applies to the months recomputed after it
(``flask --app suite stats-refresh --full`` recomputes all).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, Index, Integer, and_, case, cast, delete, func, insert, literal, or_, select, tuple_
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import Select

from suite.extensions import Model, db
from suite.sla import clock, policy
from suite.sla.models import SlaTarget
from suite.ticketing import lifecycle
from suite.ticketing.models import Rating, Ticket

# Upper edges (minutes) of the histogram buckets, each at most 1.5x the previous: fine where
# targets sit (10 minutes' reward, 2 days' sanction, 5 days' resolution), one bucket past 30 days.
SCORE_EDGES = (
    1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440,
    2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160, 30240, 43200,
)  # fmt: skip
RESPONSE_COLUMNS = tuple(f"response_le_{edge}" for edge in SCORE_EDGES)
RESOLUTION_COLUMNS = tuple(f"resolution_le_{edge}" for edge in SCORE_EDGES)
COUNTS = (
    "received",
    "responded",
    "reward",
    "sanction",
    "overdue_now",
    "open_now",
    "awaiting_budget",
    "resolved",
    "resolved_ever",
    "reopened",
    "ratings",
    "rating_sum",
    *RESPONSE_COLUMNS,
    *RESOLUTION_COLUMNS,
)
MAXIMA = ("response_max", "resolution_max")


class _ScoreColumns:
    """The counts both grains hold, for one agency and one assignee (None: unassigned)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column()
    assignee_id: Mapped[int | None] = mapped_column()
    response_max: Mapped[float] = mapped_column(Float, default=0)  # minutes, the slowest answer
    resolution_max: Mapped[float] = mapped_column(Float, default=0)
    # received, responded, ..., response_le_1 ... resolution_le_43200 (cumulative histograms).
    for _name in COUNTS:
        vars()[_name] = mapped_column(Integer, default=0, nullable=False)
    del _name


class TicketDayScore(_ScoreColumns, Model):
    """Scorecard counts of the tickets created on one WIB day. A key may have several rows (tickets
    scored in SQL and those whose target counts working days, scored in Python); readers sum them."""

    __tablename__ = "ticket_day_scores"
    __table_args__ = (Index("ix_ticket_day_scores_day_agency", "day", "agency_id"),)

    day: Mapped[date] = mapped_column(Date)


class TicketMonthScore(_ScoreColumns, Model):
    """The day rows of a whole WIB month summed: a year's scorecards read twelve of these per key
    (and days only for the partial months at the edges) instead of 365 day rows (49 ms to ~10)."""

    __tablename__ = "ticket_month_scores"
    __table_args__ = (Index("ix_ticket_month_scores_month_agency", "month", "agency_id"),)

    month: Mapped[date] = mapped_column(Date)  # its first day


def recompute_month(start: datetime, end: datetime, now: datetime) -> None:
    """Replace the rows of the tickets created in [start, end) (a WIB month's UTC bounds)."""
    first_day, last_day = clock_day(start), clock_day(end)
    db.session.execute(delete(TicketDayScore).where(TicketDayScore.day >= first_day, TicketDayScore.day < last_day))
    in_month = and_(Ticket.created_at >= start, Ticket.created_at < end, Ticket.merged_into_id.is_(None))
    combos = db.session.execute(select(Ticket.module, Ticket.category, Ticket.kind).where(in_month).distinct()).all()
    every_target = policy.all_targets()
    targets = {tuple(combo): policy.most_specific(every_target, *combo) for combo in combos}
    by_calendar = [combo for combo, target in targets.items() if target.calendar == "calendar"]
    working = [combo for combo, target in targets.items() if target.calendar != "calendar"]
    if by_calendar:
        _insert_calendar_scores(in_month, {c: targets[c] for c in by_calendar}, working, now)
    if working:
        _insert_working_day_scores(in_month, {c: targets[c] for c in working}, now)
    _roll_up_month(first_day, last_day)


def _roll_up_month(first_day: date, following: date) -> None:
    db.session.execute(delete(TicketMonthScore).where(TicketMonthScore.month == first_day))
    day = TicketDayScore
    columns: dict[str, Any] = {
        "month": literal(first_day),
        "agency_id": day.agency_id,
        "assignee_id": day.assignee_id,
        **{name: func.sum(getattr(day, name)) for name in COUNTS},
        **{name: func.max(getattr(day, name)) for name in MAXIMA},
    }
    grouped: Select[Any] = (
        select(*[e.label(n) for n, e in columns.items()])
        .where(day.day >= first_day, day.day < following)
        .group_by(day.agency_id, day.assignee_id)
    )
    db.session.execute(insert(TicketMonthScore).from_select(list(columns), grouped))


def clock_day(instant: datetime) -> date:
    return instant.astimezone(clock.WIB).date()


def _target_value(targets: dict[tuple, SlaTarget], field: str):
    """The targets' ``field`` per ticket as SQL: a CASE over (module, category, kind), the most
    common value as its ELSE (nearly every ticket falls under the regency-wide row)."""
    values: dict[int, list[tuple]] = defaultdict(list)
    for combo, target in targets.items():
        values[getattr(target, field)].append(combo)
    common = max(values, key=lambda v: len(values[v]))
    whens = [
        (tuple_(Ticket.module, Ticket.category, Ticket.kind).in_(combos), value)
        for value, combos in values.items()
        if value != common
    ]
    return case(*whens, else_=common) if whens else literal(common)


def _insert_calendar_scores(in_month, targets: dict[tuple, SlaTarget], working: list[tuple], now: datetime) -> None:
    """One INSERT ... SELECT: each ticket's minutes computed once (a materialised CTE; the planner
    would otherwise repeat the arithmetic for each of the 60 histogram counts: 4 s a month at a
    million tickets), then summed per day, agency and assignee."""
    from suite.sla.stats_refresh import _minutes_between

    answered = Ticket.first_response_at.is_not(None)
    is_resolved = Ticket.resolved_at.is_not(None)
    ever = or_(is_resolved, Ticket.reopen_count > 0, Ticket.status == lifecycle.CLOSED)

    def flag(condition):
        return case((condition, 1), else_=0)

    per_ticket = (
        select(
            _wib_day(Ticket.created_at).label("day"),
            Ticket.agency_id.label("agency_id"),
            Ticket.assignee_id.label("assignee_id"),
            case((answered, _minutes_between(Ticket.first_response_at, Ticket.created_at))).label("response"),
            case((~answered, _minutes_between(literal(now.replace(tzinfo=None)), Ticket.created_at))).label("waiting"),
            case((is_resolved, _minutes_between(Ticket.resolved_at, Ticket.created_at))).label("resolution"),
            _target_value(targets, "reward_minutes").label("reward_limit"),
            _target_value(targets, "sanction_minutes").label("sanction_limit"),
            flag(policy.overdue_clause(now)).label("overdue"),
            flag(Ticket.status.in_(lifecycle.OPEN_STATES)).label("open"),
            flag(Ticket.status == lifecycle.AWAITING_BUDGET).label("budget"),
            flag(ever).label("ever"),
            flag(and_(ever, Ticket.reopen_count > 0)).label("reopened"),
            Rating.score.label("score"),
        )
        .select_from(Ticket)
        .outerjoin(Rating, Rating.ticket_id == Ticket.id)
        .where(in_month)
    )
    if working:
        per_ticket = per_ticket.where(tuple_(Ticket.module, Ticket.category, Ticket.kind).not_in(working))
    t = per_ticket.cte("per_ticket")
    if db.engine.dialect.name == "postgresql":
        t = t.prefix_with("MATERIALIZED")
    c = t.c

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    measures: dict[str, Any] = {
        "received": func.count(),
        "responded": func.count(c.response),
        "reward": count(c.response <= c.reward_limit),
        "sanction": count(or_(c.response > c.sanction_limit, c.waiting > c.sanction_limit)),
        "overdue_now": func.sum(c.overdue),
        "open_now": func.sum(c.open),
        "awaiting_budget": func.sum(c.budget),
        "resolved": func.count(c.resolution),
        "resolved_ever": func.sum(c.ever),
        "reopened": func.sum(c.reopened),
        "ratings": func.count(c.score),
        "rating_sum": func.coalesce(func.sum(c.score), 0),
        **{n: count(c.response <= e) for n, e in zip(RESPONSE_COLUMNS, SCORE_EDGES, strict=True)},
        **{n: count(c.resolution <= e) for n, e in zip(RESOLUTION_COLUMNS, SCORE_EDGES, strict=True)},
        "response_max": func.coalesce(func.max(c.response), 0),
        "resolution_max": func.coalesce(func.max(c.resolution), 0),
    }
    keys = {"day": c.day, "agency_id": c.agency_id, "assignee_id": c.assignee_id}
    grouped = select(*[e.label(n) for n, e in {**keys, **measures}.items()]).group_by(*keys.values())
    db.session.execute(insert(TicketDayScore).from_select([*keys, *measures], grouped))


def _wib_day(column):
    """The WIB date of a naive-UTC column, in SQL (WIB is UTC+7 all year)."""
    if db.engine.dialect.name == "postgresql":
        return cast(func.timezone("Asia/Jakarta", func.timezone("UTC", column)), Date)
    return func.date(column, "+7 hours")


def _insert_working_day_scores(in_month, targets: dict[tuple, SlaTarget], now: datetime) -> None:
    """Tickets whose target counts working days (information requests, by law): their minutes
    skip weekends and holidays, which ``suite.sla.clock`` counts in Python. Few tickets, so read
    them as plain rows (not ORM objects) and add their sums as rows of their own."""
    combo = tuple_(Ticket.module, Ticket.category, Ticket.kind).in_(list(targets))
    query = (
        select(Ticket, Rating.score)
        .outerjoin(Rating, Rating.ticket_id == Ticket.id)
        .where(in_month, combo)
        .execution_options(yield_per=2000)
    )
    rows: dict[tuple, dict[str, Any]] = {}
    for ticket, score in db.session.execute(query):
        target = targets[(ticket.module, ticket.category, ticket.kind)]
        key = (clock_day(ticket.created_at), ticket.agency_id, ticket.assignee_id)
        row = rows.setdefault(key, dict.fromkeys((*COUNTS, *MAXIMA), 0))
        standing = policy.standing(ticket, now=now, target=target)
        row["received"] += 1
        if standing.responded:
            row["responded"] += 1
            _histogram(row, RESPONSE_COLUMNS, "response_max", standing.response_minutes)
        row["reward"] += standing.band == "reward"
        row["sanction"] += standing.band == "sanction"
        row["overdue_now"] += policy.is_overdue(ticket, now)
        row["open_now"] += ticket.status in lifecycle.OPEN_STATES
        row["awaiting_budget"] += ticket.status == lifecycle.AWAITING_BUDGET
        if ticket.resolved_at is not None:
            row["resolved"] += 1
            minutes = clock.elapsed_minutes(ticket.created_at, ticket.resolved_at, target.calendar)
            _histogram(row, RESOLUTION_COLUMNS, "resolution_max", minutes)
        if ticket.resolved_at is not None or ticket.reopen_count or ticket.status == lifecycle.CLOSED:
            row["resolved_ever"] += 1
            row["reopened"] += ticket.reopen_count > 0
        if score is not None:
            row["ratings"] += 1
            row["rating_sum"] += score
    if rows:
        db.session.execute(
            insert(TicketDayScore),
            [dict(day=k[0], agency_id=k[1], assignee_id=k[2], **v) for k, v in rows.items()],
        )


def _histogram(row: dict, columns: tuple[str, ...], maximum: str, minutes: float) -> None:
    for column, edge in zip(columns, SCORE_EDGES, strict=True):
        row[column] += minutes <= edge
    row[maximum] = max(row[maximum], minutes)
