"""The summary's figures computed live from ``tickets``, for filters ``ticket_month_stats`` does not
hold (status, priority, assignee, overdue). Same measures (``stats_refresh.measure_columns``), same
``Figures`` as ``stats_queries``, so a page shows either without knowing which answered.

One grouped query per page: the tickets of the period matching the caller's conditions (always
including the staff member's agencies) grouped by WIB month, module, category, kecamatan and
disclosure; ``rollup`` then sums those groups into each table in Python.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, literal_column, select

from suite.extensions import db
from suite.sla.stats_queries import MEASURES, Figures
from suite.sla.stats_refresh import disclosed_condition, measure_columns, month_bounds
from suite.ticketing.models import Ticket

KEYS = ("month", "module", "category", "kecamatan_code", "disclosed")


def months_between(first_month: date, last_month: date) -> list[date]:
    months, month = [], first_month
    while month <= last_month:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _wib_month():
    """'YYYY-MM' of ``created_at`` in WIB (UTC+7, no daylight saving), in SQL: stored values are naive UTC."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(Ticket.created_at + literal_column("interval '7 hours'"), "YYYY-MM")
    return func.strftime("%Y-%m", Ticket.created_at, "+7 hours")


def live_groups(first_month: date, last_month: date, conditions: list[Any]) -> list[Figures]:
    """Figures of the tickets created from ``first_month`` to ``last_month`` (WIB months, inclusive)
    matching ``conditions``, one per combination of ``KEYS``."""
    start, end = month_bounds(first_month)[0], month_bounds(last_month)[1]
    measures = measure_columns()
    group = {
        "month": _wib_month(),
        "module": Ticket.module,
        "category": Ticket.category,
        "kecamatan_code": func.coalesce(Ticket.kecamatan_code, ""),
        "disclosed": disclosed_condition(),
    }
    columns: list[Any] = [expression.label(name) for name, expression in group.items()]
    columns += [measures[m].label(m) for m in MEASURES]
    query = (
        select(*columns)
        .where(Ticket.created_at >= start, Ticket.created_at < end, Ticket.merged_into_id.is_(None), *conditions)
        .group_by(*group.values())
    )
    results = []
    for row in db.session.execute(query).all():
        mapping = row._mapping
        key = {name: mapping[name] for name in KEYS}
        year, month = str(key["month"]).split("-")
        key["month"] = date(int(year), int(month), 1)
        key["disclosed"] = bool(key["disclosed"])
        values = {m: (float(mapping[m] or 0) if m.endswith("_sum") else int(mapping[m] or 0)) for m in MEASURES}
        results.append(Figures(key=key, values=values))
    return results


def rollup(groups: list[Figures], by: tuple[str, ...] = (), disclosed_only: bool = False) -> list[Figures]:
    """``groups`` summed by ``by`` (sorted by it), as ``stats_queries.breakdown`` would answer; one
    row of zeros when ``by`` is empty and nothing matched."""
    sums: dict[tuple, dict] = {}
    for figures in groups:
        if disclosed_only and not figures.key["disclosed"]:
            continue
        key = tuple(figures.key[name] for name in by)
        target = sums.setdefault(key, dict.fromkeys(MEASURES, 0))
        for name in MEASURES:
            target[name] += figures.values[name]
    if not by:
        return [Figures(key={}, values=sums.get((), dict.fromkeys(MEASURES, 0)))]
    return [Figures(key=dict(zip(by, key, strict=True)), values=values) for key, values in sorted(sums.items())]
