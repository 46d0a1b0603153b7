"""Staff statistics (issue 12, item 10): the queue's filters, figures by status, category,
kecamatan and month, the share answered within target and the response-time distribution.

Figures come from the monthly summary (``suite.sla.stats_queries``): module, category, kind,
kecamatan and months from the coarse one, status, urgency and "overdue" from the one split by
status, priority and overdue (``ticket_month_status_stats``, as of the minute's refresh). "My
tickets" is in no summary, so that filter computes the same measures live (``suite.sla.live_stats``)
over the staff member's own tickets (indexed). Periods are whole WIB months, as the summaries are.

Who sees what: an officer their own agency; a supervisor their agency and the units below it;
regency-wide supervisors and admins the whole regency, where health and confidential tickets are
counted in the totals, by module and by month, but never broken down by category or kecamatan
(the summary's ``disclosed`` rows only), as ``suite.ticketing.access`` keeps them out of their view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, text

from suite.database import utcnow
from suite.errors import Forbidden, Invalid
from suite.identity.models import Staff
from suite.sla.clock import WIB
from suite.sla.live_stats import live_groups, months_between, rollup
from suite.sla.policy import overdue_clause
from suite.sla.stats_queries import Figures, breakdown
from suite.sla.ticket_stats import BUCKET_COLUMNS
from suite.ticketing import access, kinds, lifecycle
from suite.ticketing.models import OPEN_SQL, Ticket

DEFAULT_MONTHS = 12
MAX_MONTHS = 36  # a longer period is refused: the live path runs a query per month
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class StatsParams:
    first_month: date
    last_month: date
    module: str | None = None
    category: str | None = None
    kind: str | None = None
    kecamatan: str | None = None
    status: str = "all"  # all, open, or a lifecycle state
    urgent: bool = False
    mine: bool = False
    overdue: bool = False

    @property
    def live(self) -> bool:
        """True when a filter needs the tickets themselves: whose they are is in no summary (one
        person's tickets: a small, indexed set)."""
        return self.mine

    @property
    def by_state(self) -> bool:
        """True when a filter needs the summary split by status, priority and overdue."""
        return self.status != "all" or self.urgent or self.overdue

    def query_args(self) -> dict[str, str]:
        """The filters as URL arguments, for the CSV links and the filter form."""
        values = {
            "dari": self.first_month.strftime("%Y-%m"),
            "sampai": self.last_month.strftime("%Y-%m"),
            "module": self.module or "",
            "category": self.category or "",
            "kind": self.kind or "",
            "kecamatan": self.kecamatan or "",
            "status": self.status,
            "urgent": "1" if self.urgent else "",
            "mine": "1" if self.mine else "",
            "overdue": "1" if self.overdue else "",
        }
        return {k: v for k, v in values.items() if v}


@dataclass
class Scope:
    agency_ids: set[int] | None  # None: regency-wide
    modules: list[str]  # modules whose tickets are counted
    detailed: bool  # False: category and kecamatan breakdowns show disclosed tickets only


@dataclass
class Statistics:
    params: StatsParams
    scope: Scope
    total: Figures
    by_module: list[Figures] = field(default_factory=list)
    by_category: list[Figures] = field(default_factory=list)
    by_kecamatan: list[Figures] = field(default_factory=list)
    by_month: list[Figures] = field(default_factory=list)
    undisclosed: int = 0  # counted above, left out of the category and kecamatan tables

    @property
    def by_status(self) -> list[tuple[str, int]]:
        return status_rows(self.total)

    @property
    def distribution(self) -> list[tuple[str, int]]:
        return response_distribution(self.total)


def _month(raw: str | None, default: date, field_name: str) -> date:
    if not raw:
        return default
    match = _MONTH.match(raw.strip())
    if not match or not (2000 <= int(match.group(1)) <= 2100) or not (1 <= int(match.group(2)) <= 12):
        raise Invalid(_l("Bulan tidak dikenali."), {field_name: _l("Tulis bulan sebagai TTTT-BB, misalnya 2026-03.")})
    return date(int(match.group(1)), int(match.group(2)), 1)


def params_from_args(args, modules: dict, now: datetime | None = None) -> StatsParams:
    """The filters from a query string; a month that cannot be read is ``Invalid`` (a 400 page)."""
    today = (now or utcnow()).astimezone(WIB).date()
    this_month = date(today.year, today.month, 1)
    last = _month(args.get("sampai"), this_month, "sampai")
    year, month = divmod(last.year * 12 + last.month - 1 - (DEFAULT_MONTHS - 1), 12)
    first = _month(args.get("dari"), date(year, month + 1, 1), "dari")
    if first > last:
        first, last = last, first
    if len(months_between(first, last)) > MAX_MONTHS:
        raise Invalid(_l("Periode terlalu panjang."), {"dari": _l("Pilih paling lama 36 bulan.")})
    module = args.get("module") or None
    module = module if module in modules else None
    status = args.get("status") or "all"
    return StatsParams(
        first_month=first,
        last_month=last,
        module=module,
        category=(args.get("category") or None) if module else None,
        kind=args.get("kind") if args.get("kind") in kinds.KINDS else None,
        kecamatan=args.get("kecamatan") or None,
        status=status if status in ("all", "open", *lifecycle.STATUS_LABELS) else "all",
        urgent=bool(args.get("urgent")),
        mine=bool(args.get("mine")),
        overdue=bool(args.get("overdue")),
    )


def scope_of(staff: Staff, modules: dict) -> Scope:
    """The tickets ``staff`` may count: their agency (officers) or agency tree (supervisors), or
    the regency for supervisors and admins without an agency; never health tickets of a care
    tree they are outside of."""
    allowed = [code for code in modules if not staff.module_codes or code in staff.module_codes]
    if staff.agency is None:
        if staff.role not in Staff.SUPERVISING:
            raise Forbidden(_l("Statistik seluruh kabupaten hanya untuk supervisor dan admin."))
        return Scope(agency_ids=None, modules=allowed, detailed=False)
    agencies = staff.agency.subtree_ids() if staff.role in Staff.SUPERVISING else {staff.agency.id}
    allowed = [code for code in allowed if access.inside_care_tree(staff, modules[code])]
    return Scope(agency_ids=agencies, modules=allowed, detailed=True)


def compute(staff: Staff, params: StatsParams, modules: dict, now: datetime | None = None) -> Statistics:
    scope = scope_of(staff, modules)
    if params.live:
        return _live(staff, params, scope, now or utcnow())
    where: dict = {"module": scope.modules}
    if scope.agency_ids is not None:
        where["agency_id"] = sorted(scope.agency_ids)
    if params.module:
        where["module"] = [params.module] if params.module in scope.modules else []
        if params.category:
            where["category"] = params.category
    if params.kind:
        where["kind"] = params.kind
    if params.kecamatan:
        where["kecamatan_code"] = params.kecamatan
    if params.status == "open":
        where["status"] = list(lifecycle.OPEN_STATES)
    elif params.status != "all":
        where["status"] = params.status
    if params.urgent:
        where["priority"] = "urgent"
    if params.overdue:
        where["overdue"] = True  # as of the last refresh (the minute's sweep)
    if not where["module"]:
        where["module"] = [""]  # nothing this staff member may count
    first, last = params.first_month, params.last_month
    hidden = not scope.detailed

    def summary(by: tuple[str, ...], detail: bool = False) -> list[Figures]:
        return breakdown(first, last, by, disclosed_only=detail and hidden, by_state=params.by_state, **where)

    # Totals, modules and months from one grouping (they count every ticket), categories and
    # kecamatan from two more (disclosed tickets only for regency-wide staff).
    coarse = summary(("month", "module", "disclosed"))
    stats = Statistics(
        params=params,
        scope=scope,
        total=rollup(coarse)[0],
        by_module=rollup(coarse, ("module",)),
        by_category=summary(("module", "category"), detail=True),
        by_kecamatan=summary(("kecamatan_code",), detail=True),
        by_month=rollup(coarse, ("month",)),
    )
    if hidden:
        stats.undisclosed = stats.total.received - rollup(coarse, (), disclosed_only=True)[0].received
    return stats


def _live(staff: Staff, params: StatsParams, scope: Scope, now: datetime) -> Statistics:
    conditions: list[ColumnElement[bool]] = [Ticket.module.in_(scope.modules or [""])]
    if scope.agency_ids is not None:
        conditions.append(Ticket.agency_id.in_(scope.agency_ids))
    if params.module:
        conditions.append(Ticket.module == params.module)
        if params.category:
            conditions.append(Ticket.category == params.category)
    if params.kind:
        conditions.append(Ticket.kind == params.kind)
    if params.kecamatan:
        conditions.append(Ticket.kecamatan_code == params.kecamatan)
    if params.status == "open":
        # Literal text, not bound states: only then does PostgreSQL use the open tickets' partial indexes.
        conditions.append(cast(ColumnElement[bool], text(OPEN_SQL)))
    elif params.status != "all":
        conditions.append(Ticket.status == params.status)
    if params.urgent:
        conditions.append(Ticket.priority == "urgent")
    if params.mine:
        conditions.append(Ticket.assignee_id == staff.id)
    if params.overdue:
        conditions.append(overdue_clause(now))
    groups = live_groups(params.first_month, params.last_month, conditions)
    hidden = not scope.detailed
    total = rollup(groups)[0]
    stats = Statistics(
        params=params,
        scope=scope,
        total=total,
        by_module=rollup(groups, ("module",)),
        by_category=rollup(groups, ("module", "category"), disclosed_only=hidden),
        by_kecamatan=rollup(groups, ("kecamatan_code",), disclosed_only=hidden),
        by_month=rollup(groups, ("month",)),
    )
    if hidden:
        stats.undisclosed = total.received - rollup(groups, (), disclosed_only=True)[0].received
    return stats


def status_rows(figures: Figures) -> list[tuple[str, int]]:
    """Where the tickets stand, from the summary's measures (it keeps no per-state counts): open
    (of which awaiting budget), and finished (answered, or closed without any answer)."""
    v = figures.values
    finished = v["received"] - v["open_now"]
    return [
        ("open", v["open_now"] - v["awaiting_budget"]),
        ("awaiting_budget", v["awaiting_budget"]),
        ("finished", finished - v["closed_unanswered"]),
        ("closed_unanswered", v["closed_unanswered"]),
    ]


STATUS_ROW_LABELS = {
    "open": _l("Masih diproses"),
    "awaiting_budget": _l("Menunggu anggaran"),
    "finished": _l("Selesai atau ditutup"),
    "closed_unanswered": _l("Ditutup tanpa tanggapan"),
}

# Bars of the response-time distribution (not cumulative), keyed for the CSV.
DISTRIBUTION_LABELS = {
    "le_10m": _l("≤ 10 menit"),
    "le_1h": _l("10 menit – 1 jam"),
    "le_1d": _l("1 jam – 1 hari"),
    "le_2d": _l("1 – 2 hari"),
    "le_7d": _l("2 – 7 hari"),
    "over_7d": _l("> 7 hari"),
    "unanswered": _l("Belum ditanggapi"),
}


def response_distribution(figures: Figures) -> list[tuple[str, int]]:
    v = figures.values
    cumulative = [v[column] for column in BUCKET_COLUMNS]
    bars = [cumulative[0]] + [later - earlier for earlier, later in zip(cumulative, cumulative[1:], strict=False)]
    keys = list(DISTRIBUTION_LABELS)
    rows = list(zip(keys[:5], bars, strict=True))
    rows.append(("over_7d", v["answered"] - cumulative[-1]))
    rows.append(("unanswered", v["received"] - v["answered"]))
    return rows
