"""Reading ``ticket_month_stats``: sums over a range of months, broken down by what a report asks
(issue 12). Every dashboard, the budget report and staff statistics read figures through here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from suite.extensions import db
from suite.sla.ticket_stats import BUCKET_COLUMNS, TicketMonthStat, TicketMonthStatusStat

DIMENSIONS = ("month", "module", "category", "kind", "kecamatan_code", "agency_id", "disclosed")
# Only ``by_state=True`` reads these (the status-and-priority summary).
STATE_DIMENSIONS = ("status", "priority", "overdue")
MEASURES = (
    "received",
    "answered",
    "answered_in_target",
    "response_minutes_sum",
    *BUCKET_COLUMNS,
    "resolved",
    "resolution_minutes_sum",
    "open_now",
    "awaiting_budget",
    "closed_unanswered",
)


@dataclass
class Figures:
    """Summed measures of one group; ``key`` holds the group's dimension values by name."""

    key: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def target_share(self) -> float | None:
        """Share of received tickets answered within their target (None when nothing was received)."""
        return self.values["answered_in_target"] / self.values["received"] if self.values["received"] else None

    @property
    def mean_response_minutes(self) -> float | None:
        answered = self.values["answered"]
        return self.values["response_minutes_sum"] / answered if answered else None

    @property
    def mean_resolution_minutes(self) -> float | None:
        resolved = self.values["resolved"]
        return self.values["resolution_minutes_sum"] / resolved if resolved else None


def breakdown(
    first_month: date,
    last_month: date,
    by: tuple[str, ...] = (),
    disclosed_only: bool = False,
    by_state: bool = False,
    measures: tuple[str, ...] = MEASURES,
    **where,
) -> list[Figures]:
    """Sums of ``measures`` (every one unless narrowed) from ``first_month`` to ``last_month``
    (inclusive, first days of months), grouped by ``by``; ``where`` narrows on dimensions (a value,
    or a list/tuple/set of values). A report that reads one measure over many groups (the budget
    report's shares) asks for that one: summing all eighteen for hundreds of groups cost it a third
    of its time. ``received`` is always summed."""
    measures = tuple(dict.fromkeys(("received", *measures)))
    if any(m not in MEASURES for m in measures):
        raise ValueError(f"unknown measures {measures}")
    table: type[TicketMonthStat] | type[TicketMonthStatusStat] = TicketMonthStatusStat if by_state else TicketMonthStat
    known = DIMENSIONS + STATE_DIMENSIONS if by_state else DIMENSIONS
    unknown = [name for name in (*by, *where) if name not in known]
    if unknown:
        raise ValueError(f"unknown dimensions {unknown}")
    dimensions = [getattr(table, name) for name in by]
    query = select(*dimensions, *[func.coalesce(func.sum(getattr(table, m)), 0) for m in measures]).where(
        table.month >= first_month, table.month <= last_month
    )
    if disclosed_only:
        query = query.where(table.disclosed.is_(True))
    for name, value in where.items():
        column = getattr(table, name)
        query = query.where(column.in_(list(value)) if isinstance(value, list | tuple | set) else column == value)
    if dimensions:
        query = query.group_by(*dimensions).order_by(*dimensions)
    results = []
    for row in db.session.execute(query).all():
        key = dict(zip(by, row[: len(by)], strict=True))
        values = {
            m: (int(v) if not m.endswith("_sum") else float(v)) for m, v in zip(measures, row[len(by) :], strict=True)
        }
        if dimensions or values["received"]:
            results.append(Figures(key=key, values=values))
    if not dimensions and not results:
        results.append(Figures(key={}, values=dict.fromkeys(measures, 0)))
    return results


def total(
    first_month: date, last_month: date, disclosed_only: bool = False, by_state: bool = False, **where
) -> Figures:
    return breakdown(first_month, last_month, (), disclosed_only, by_state, **where)[0]
