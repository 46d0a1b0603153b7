"""The budget-planning report's live lists (issue 12, item 9): open reports of heavy damage, oldest
first, and the tickets waiting for the budget, by planned year.

Each list is an indexed query with a cap, counted in full so the report can say honestly how many
it left out. Tickets that may be counted but never shown in detail (confidential tickets, health
tickets of a care-tree or sensitive module) are counted apart and never listed, whoever asks: the
report is printed for planning meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal_column, select, text
from sqlalchemy.orm import load_only, raiseload

from suite.extensions import db
from suite.registry import enabled_modules
from suite.ticketing import heavy_damage
from suite.ticketing.access import health_modules
from suite.ticketing.models import AWAITING_BUDGET_SQL, Ticket


@dataclass(frozen=True)
class Scope:
    """Whose tickets a reader covers: ``agency_ids`` None is regency-wide; ``modules`` empty is
    every module."""

    agency_ids: frozenset[int] | None = None
    modules: tuple[str, ...] = ()


@dataclass
class TicketList:
    rows: list[Ticket] = field(default_factory=list)
    listable: int = 0  # tickets that could be listed (``rows`` holds the first of them)
    withheld: int = 0  # counted, never listed: confidential or health

    @property
    def more(self) -> int:
        return self.listable - len(self.rows)


@dataclass
class BudgetYear:
    year: int | None
    total: int
    withheld: int


def scope_conditions(scope: Scope) -> list[ColumnElement[bool]]:
    """The reader's agencies and modules, checked on the rows the lists' partial indexes hold.

    SQLite has no statistics unless someone runs ANALYZE, and without them it takes an equality on
    ``agency_id`` (the queue's index) for the better start and reads every open ticket of the agency.
    On SQLite the scope is therefore written as an expression (``agency_id + 0``), which no index
    serves: the planner starts from the report's own partial index, which holds these columns."""
    agency: ColumnElement[int] = Ticket.agency_id.expression
    module: ColumnElement[str] = Ticket.module.expression
    if db.engine.dialect.name == "sqlite":
        agency, module = Ticket.agency_id + literal_column("0"), Ticket.module + literal_column("''")
    conditions: list[ColumnElement[bool]] = []
    if scope.agency_ids is not None:
        conditions.append(agency.in_(sorted(scope.agency_ids)))
    if scope.modules:
        conditions.append(module.in_(scope.modules))
    return conditions


def listable_conditions() -> list[ColumnElement[bool]]:
    """Tickets that may be listed by code and place: not confidential, not health."""
    conditions = [Ticket.visibility != "confidential", Ticket.sensitive.is_(False)]
    secret = health_modules()
    if secret:
        conditions.append(Ticket.module.not_in(secret))
    return conditions


def open_heavy_damage(scope: Scope, limit: int) -> TicketList:
    """Open reports that their module marks as heavy damage, oldest first (at most ``limit``)."""
    dialect = db.engine.dialect.name
    found = TicketList()
    for code, module in enabled_modules().items():
        marker = module.heavy_damage
        if marker is None or (scope.modules and code not in scope.modules):
            continue
        base: list[Any] = [heavy_damage.condition(dialect, code, marker), *scope_conditions(scope)]
        everything = _count(base)
        if module.care_root or module.sensitive:
            found.withheld += everything
            continue
        shown: list[Any] = [*base, Ticket.visibility != "confidential", Ticket.sensitive.is_(False)]
        listable = _count(shown)
        found.listable += listable
        found.withheld += everything - listable
        if listable:
            found.rows += _tickets(select(Ticket).where(*shown).order_by(Ticket.created_at, Ticket.id).limit(limit))
    found.rows = sorted(found.rows, key=lambda t: (t.created_at, t.id))[:limit]
    return found


def awaiting_budget(scope: Scope, limit: int) -> tuple[list[BudgetYear], TicketList]:
    """Tickets waiting for the budget: how many per planned year, and the first ``limit`` that may
    be listed, by planned year and then oldest first."""
    base: list[Any] = [text(AWAITING_BUDGET_SQL), *scope_conditions(scope)]
    listable = and_(*listable_conditions())
    years = [
        BudgetYear(year, int(total), int(total) - int(shown or 0))
        for year, total, shown in db.session.execute(
            select(Ticket.budget_year, func.count(), func.sum(case((listable, 1), else_=0)))
            .where(*base)
            .group_by(Ticket.budget_year)
            .order_by(Ticket.budget_year)
        ).all()
    ]
    found = TicketList(
        listable=sum(y.total - y.withheld for y in years),
        withheld=sum(y.withheld for y in years),
    )
    found.rows = _tickets(
        select(Ticket).where(*base, listable).order_by(Ticket.budget_year, Ticket.created_at, Ticket.id).limit(limit)
    )
    return years, found


def _count(conditions) -> int:
    return int(db.session.execute(select(func.count()).select_from(Ticket).where(*conditions)).scalar_one())


# What a list shows of a ticket: loading only these keeps a page of a few hundred rows cheap.
LISTED_COLUMNS = (
    Ticket.code,
    Ticket.module,
    Ticket.category,
    Ticket.status,
    Ticket.visibility,
    Ticket.sensitive,
    Ticket.anonymous,
    Ticket.agency_id,
    Ticket.desa_code,
    Ticket.kecamatan_code,
    Ticket.latitude,
    Ticket.longitude,
    Ticket.extras,
    Ticket.created_at,
    Ticket.budget_year,
)


def _tickets(query) -> list[Ticket]:
    """Read-only rows for the report (their agency is named by the caller, from one query)."""
    return list(db.session.execute(query.options(load_only(*LISTED_COLUMNS), raiseload("*"))).scalars())
