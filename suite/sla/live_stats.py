"""The summary's figures computed live from ``tickets``, for filters ``ticket_month_stats`` does not
hold (status, priority, assignee, overdue). Same measures (``stats_refresh.measure_columns``), same
``Figures`` as ``stats_queries``, so a page shows either without knowing which answered.

Callers narrow with their own conditions, always including the staff member's agencies, so the
scan is bounded by the ``(agency_id, status, created_at)`` index and the period.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select

from suite.extensions import db
from suite.sla.stats_queries import MEASURES, Figures
from suite.sla.stats_refresh import measure_columns, month_bounds
from suite.ticketing.models import Ticket

# Breakdowns a live query may group by (``month`` is handled a month at a time).
GROUPABLE = {
    "module": Ticket.module,
    "category": Ticket.category,
    "kind": Ticket.kind,
    "channel": Ticket.channel,
    "kecamatan_code": func.coalesce(Ticket.kecamatan_code, ""),
    "agency_id": Ticket.agency_id,
}


def months_between(first_month: date, last_month: date) -> list[date]:
    months, month = [], first_month
    while month <= last_month:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def live_breakdown(
    first_month: date, last_month: date, conditions: list[ColumnElement[bool]], by: tuple[str, ...] = ()
) -> list[Figures]:
    """Figures of the tickets created from ``first_month`` to ``last_month`` (WIB months, inclusive)
    matching ``conditions``, grouped by ``GROUPABLE`` columns, by ``("month",)``, or not at all."""
    if by == ("month",):
        results = []
        for month in months_between(first_month, last_month):
            figures = _figures(month, month, conditions, ())[0]
            if figures.values["received"]:
                figures.key = {"month": month}
                results.append(figures)
        return results
    return _figures(first_month, last_month, conditions, by)


def _figures(first_month: date, last_month: date, conditions, by: tuple[str, ...]) -> list[Figures]:
    start, end = month_bounds(first_month)[0], month_bounds(last_month)[1]
    measures = measure_columns()
    group = [GROUPABLE[name] for name in by]
    columns: list[Any] = [c.label(n) for c, n in zip(group, by, strict=True)]
    columns += [measures[m].label(m) for m in MEASURES]
    query = select(*columns)
    query = query.where(
        Ticket.created_at >= start, Ticket.created_at < end, Ticket.merged_into_id.is_(None), *conditions
    )
    if group:
        query = query.group_by(*group).order_by(*group)
    results = []
    for row in db.session.execute(query).all():
        mapping = row._mapping
        values = {m: (float(mapping[m] or 0) if m.endswith("_sum") else int(mapping[m] or 0)) for m in MEASURES}
        if group and not values["received"]:
            continue
        results.append(Figures(key={name: mapping[name] for name in by}, values=values))
    if not group and not results:
        results.append(Figures(key={}, values=dict.fromkeys(MEASURES, 0)))
    return results
