"""The command centre (issue 12, item 8): what needs the regency's attention now, for supervisors
and admins without an agency (regency-wide staff).

Lists are bounded (``LIST_LIMIT`` rows, counts stopped at ``COUNT_CAP``) and read through indexes
(``ix_tickets_open_due``, ``ix_tickets_priority_status``, ``ix_tickets_created_at``), so the page
and its JSON cost the same with a million tickets as with a hundred.

Health tickets (care-tree or sensitive modules, sensitive tickets) and confidential tickets are
regency-wide staff's to count, never to see (``suite.ticketing.access``): here they appear only in
counts, with no title, code, desa, point or link.

The map is by desa: the suite has no desa boundaries, so each desa with open reports is one marker
at the mean of its reports' points, counting only reports whose point may be published
(``public_point_conditions``) and rounded as a public point is; the same figures are a table by
kecamatan and desa (the page without JavaScript, and screen readers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, TextClause, and_, case, func, select, text
from sqlalchemy.orm import selectinload

from suite import reference
from suite.database import utcnow
from suite.errors import Forbidden
from suite.extensions import db
from suite.identity.models import Staff
from suite.registry import enabled_modules
from suite.sla.policy import overdue_deadlines
from suite.staff.queue import effective_due
from suite.ticketing import access
from suite.ticketing.models import CONFIDENTIAL_SQL, OPEN_SQL, SENSITIVE_SQL, Ticket
from suite.ticketing.public_location import DEFAULT_DECIMALS, public_point_conditions

LIST_LIMIT = 50
COUNT_CAP = 1000  # "more than 1000": counting further would scan, and changes nothing for the reader
NEW_WINDOW = timedelta(hours=1)
LISTS = ("overdue", "urgent", "new")
LIST_TITLES = {
    "overdue": _l("Lewat target"),
    "urgent": _l("Mendesak"),
    "new": _l("Masuk satu jam terakhir"),
}


@dataclass
class TicketList:
    name: str
    tickets: list[Ticket]
    count: int  # shown tickets matching, up to COUNT_CAP
    hidden: int  # health and confidential tickets matching, counted only (up to COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self.count >= COUNT_CAP


@dataclass
class DesaFigure:
    desa_code: str | None
    open: int
    point: tuple[float, float] | None  # mean of the published points, rounded; None without any

    @property
    def desa_name(self) -> str:
        region = reference.desa(self.desa_code)
        return region.name if region else ""

    @property
    def kecamatan_name(self) -> str:
        region = reference.kecamatan_of(self.desa_code) if self.desa_code else None
        return region.name if region else ""


@dataclass
class Board:
    generated_at: datetime
    lists: dict[str, TicketList] = field(default_factory=dict)
    # module code -> {status: open tickets}, health modules included (counts only)
    by_module: dict[str, dict[str, int]] = field(default_factory=dict)
    by_desa: list[DesaFigure] = field(default_factory=list)


def require_regency_wide(staff: Staff) -> None:
    """Only supervisors and admins without an agency watch the whole regency."""
    if not (staff.active and staff.agency is None and staff.role in Staff.SUPERVISING):
        raise Forbidden(_l("Pusat kendali hanya untuk supervisor dan admin tingkat kabupaten."))


def _hidden_count(conditions: list[ColumnElement[bool] | TextClause]) -> int:
    """Tickets matching ``conditions`` that this page may count but never show, in three disjoint
    parts each served by an index: those of health modules (``ix_tickets_open_module_status``),
    sensitive ones of other modules (``ix_tickets_sensitive_status``) and confidential ones of
    other modules (``ix_tickets_confidential_status``), each index's predicate written word for
    word. One OR of the three would read every ticket matching ``conditions``."""
    secret = access.health_modules()
    others = [Ticket.module.not_in(secret)] if secret else []
    health = _capped_count([*conditions, Ticket.module.in_(secret)]) if secret else 0
    sensitive = _capped_count([*conditions, *others, text(SENSITIVE_SQL)])
    confidential = _capped_count([*conditions, *others, Ticket.sensitive.is_(False), text(CONFIDENTIAL_SQL)])
    return min(COUNT_CAP, health + sensitive + confidential)


def shown_conditions(staff: Staff) -> list[ColumnElement[bool]]:
    """What the staff member's queue shows, less confidential tickets."""
    return [*access.queue_filter(staff), Ticket.visibility != "confidential"]


def _scope(staff: Staff) -> list[ColumnElement[bool]]:
    return [Ticket.module.in_(staff.module_codes)] if staff.module_codes else []


def is_open() -> TextClause:
    """Open tickets, written as the partial indexes' own predicate so the databases use them (a
    boolean column expression would be rendered ``... = 1``, which no planner matches to them)."""
    return text(OPEN_SQL)


def _list_conditions(name: str, now: datetime) -> list[ColumnElement[bool] | TextClause]:
    if name == "overdue":
        return [is_open(), overdue_deadlines(now)]
    if name == "urgent":
        return [is_open(), Ticket.priority == "urgent"]
    return [Ticket.created_at >= now - NEW_WINDOW]


def _capped_count(conditions: list[ColumnElement[bool] | TextClause]) -> int:
    bounded = select(Ticket.id).where(*conditions).limit(COUNT_CAP).subquery()
    return db.session.execute(select(func.count()).select_from(bounded)).scalar_one()


def ticket_list(staff: Staff, name: str, now: datetime, limit: int = LIST_LIMIT) -> TicketList:
    conditions = [*_list_conditions(name, now), Ticket.merged_into_id.is_(None)]
    # Newest first along ix_tickets_created_at (walking ids backwards would read the whole table
    # whenever the last hour holds fewer than a page of tickets).
    order = (Ticket.created_at.desc(), Ticket.id.desc()) if name == "new" else (effective_due.asc(), Ticket.id.asc())
    shown = [*conditions, *shown_conditions(staff)]
    rows = (
        db.session.execute(
            select(Ticket).where(*shown).order_by(*order).limit(limit).options(selectinload(Ticket.assignee))
        )
        .scalars()
        .all()
    )
    return TicketList(
        name=name,
        tickets=list(rows),
        count=_capped_count(shown),
        hidden=_hidden_count([*conditions, *_scope(staff)]),
    )


def open_by_module(staff: Staff) -> dict[str, dict[str, int]]:
    """Open tickets per module and status, health modules included: counts are not details."""
    query = (
        select(Ticket.module, Ticket.status, func.count())
        # No merged_into_id test: a merge closes the ticket, and without it this is an index-only scan.
        .where(is_open(), *_scope(staff))
        .group_by(Ticket.module, Ticket.status)
    )
    figures: dict[str, dict[str, int]] = {
        code: {} for code in enabled_modules() if not staff.module_codes or code in staff.module_codes
    }
    for module, status, count in db.session.execute(query).all():
        figures.setdefault(module, {})[status] = count
    return figures


# The desa figures read every open ticket's row (its point and its health flags), the one part of
# the board no index answers alone; they are the same for every regency-wide viewer with the same
# module scope and hold no health ticket, so each process keeps them for a short while
# (COMMAND_CENTRE_MAP_CACHE_SECONDS, default 60; 0 turns it off).
def open_by_desa(staff: Staff, now: datetime | None = None) -> list[DesaFigure]:
    seconds = int(current_app.config.get("COMMAND_CENTRE_MAP_CACHE_SECONDS", 60))
    now = now or utcnow()
    cache: dict[tuple, tuple[datetime, list[DesaFigure]]] = current_app.extensions.setdefault("command_centre_desa", {})
    key = tuple(sorted(staff.module_codes or ()))
    cached = cache.get(key)
    if seconds > 0 and cached is not None and cached[0] > now:
        return cached[1]
    rows = _open_by_desa(staff)
    if seconds > 0:
        cache[key] = (now + timedelta(seconds=seconds), rows)
    return rows


def _open_by_desa(staff: Staff) -> list[DesaFigure]:
    public = and_(*public_point_conditions())
    decimals = int(current_app.config.get("PUBLIC_POINT_DECIMALS", DEFAULT_DECIMALS))
    query = (
        select(
            Ticket.desa_code,
            func.count(),
            func.count(case((public, 1))),
            func.avg(case((public, Ticket.latitude))),
            func.avg(case((public, Ticket.longitude))),
        )
        .where(is_open(), *shown_conditions(staff))
        .group_by(Ticket.desa_code)
    )
    rows = []
    for desa_code, count, points, latitude, longitude in db.session.execute(query).all():
        point = (round(float(latitude), decimals), round(float(longitude), decimals)) if points else None
        rows.append(DesaFigure(desa_code, count, point))
    return sorted(rows, key=lambda r: (r.kecamatan_name or "~", r.desa_name or "~"))


def board(staff: Staff, now: datetime | None = None) -> Board:
    require_regency_wide(staff)
    now = now or utcnow()
    return Board(
        generated_at=now,
        lists={name: ticket_list(staff, name, now) for name in LISTS},
        by_module=open_by_module(staff),
        by_desa=open_by_desa(staff, now),
    )
