"""Monthly ticket statistics kept as a summary table (issue 12, item 11).

Public dashboards, the budget report and staff statistics must answer in well under 100 ms with a
million tickets, which no scan of ``tickets`` does. They read this table instead: one row per month
(WIB) and per combination of what the reports break figures down by, holding counts and sums.
The grain is kept coarse on purpose: adding the channel multiplied the rows by eight and put a
year's breakdown at 70-100 ms with a million tickets (bench/stats_scale.py); without it, ~10 ms.
``suite.sla.stats_refresh`` keeps it current from the tickets (``flask --app suite stats-refresh``,
also run by every ``sla-sweep``): a month is recomputed whole, in one statement, whenever one of its
tickets changed, so the table never drifts from the tickets it summarises.

``disclosed`` is False for tickets that may be counted but never shown in detail: confidential,
sensitive, anonymous-by-law health tickets and every ticket of a care-tree module (e-Sehat,
e-Babhar). Public breakdowns by category, kecamatan or agency read only disclosed rows; totals count
all of them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime
from suite.extensions import Model

# Edges (minutes, inclusive) of the response-time distribution's bars: 10 minutes is e-Sambat's
# reward band and 2 days its sanction (Pasuruan; the regency default target seeds the same
# numbers), with an hour and a day between and a week beyond. They are the chart's bins, fixed so
# that months stay comparable; whether a ticket met *its* target is ``answered_in_target``.
RESPONSE_BUCKETS = (10, 60, 24 * 60, 2 * 24 * 60, 7 * 24 * 60)
BUCKET_COLUMNS = ("response_le_10m", "response_le_1h", "response_le_1d", "response_le_2d", "response_le_7d")


class _MonthStatColumns:
    """What both summaries hold: the dimensions the public and budget figures break down by, and
    the measures."""

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # first day of the month, in WIB
    module: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    kecamatan_code: Mapped[str] = mapped_column(String(20))  # "" when the ticket has none
    agency_id: Mapped[int] = mapped_column()
    disclosed: Mapped[bool] = mapped_column()

    received: Mapped[int] = mapped_column(default=0)
    answered: Mapped[int] = mapped_column(default=0)  # a first response was given
    answered_in_target: Mapped[int] = mapped_column(default=0)  # ... by the ticket's first-response due time
    response_minutes_sum: Mapped[float] = mapped_column(Float, default=0)  # calendar minutes, answered tickets
    # Cumulative: answered within 10 minutes, within an hour, ... (RESPONSE_BUCKETS).
    response_le_10m: Mapped[int] = mapped_column(default=0)
    response_le_1h: Mapped[int] = mapped_column(default=0)
    response_le_1d: Mapped[int] = mapped_column(default=0)
    response_le_2d: Mapped[int] = mapped_column(default=0)
    response_le_7d: Mapped[int] = mapped_column(default=0)
    resolved: Mapped[int] = mapped_column(default=0)  # resolved at least once (resolved_at set)
    resolution_minutes_sum: Mapped[float] = mapped_column(Float, default=0)
    open_now: Mapped[int] = mapped_column(default=0)  # in an open state when the month was last computed
    awaiting_budget: Mapped[int] = mapped_column(default=0)
    closed_unanswered: Mapped[int] = mapped_column(default=0)  # closed or rejected with no first response


class TicketMonthStat(_MonthStatColumns, Model):
    __tablename__ = "ticket_month_stats"
    __table_args__ = (
        Index("ix_ticket_month_stats_month_module", "month", "module"),
        Index("ix_ticket_month_stats_month_agency", "month", "agency_id"),
    )


class TicketMonthStatusStat(_MonthStatColumns, Model):
    """The same figures split further by status, priority and overdue, for staff statistics filtered
    by state, urgency or being overdue. A table of its own, so the public dashboard keeps the coarse grain (about
    three times fewer rows) and its speed."""

    __tablename__ = "ticket_month_status_stats"
    __table_args__ = (
        Index("ix_ticket_month_status_stats_month_status", "month", "status"),
        Index("ix_ticket_month_status_stats_month_agency", "month", "agency_id"),
    )

    status: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10))
    # Open and past a deadline when the month was last computed. A ticket turns overdue without
    # changing, so the refresh also recomputes the months of tickets the sweep saw breach a target.
    overdue: Mapped[bool] = mapped_column()


class TicketStatsState(Model):
    """How far the summary has been brought up to date: tickets changed after ``changed_since`` are
    not in it yet. One row."""

    __tablename__ = "ticket_stats_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_since = mapped_column(UTCDateTime, nullable=True)
    refreshed_at = mapped_column(UTCDateTime, nullable=True)
