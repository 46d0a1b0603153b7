"""The reports the public map shows (issue 11, item 4): which tickets, in which order, page by page.

Only tickets whose point the public may see (``public_location``: never anonymous, confidential
or health reports) and that are not merged into another. Everything is filtered in SQL and paged
by keyset (newest first, "after this ticket"), never OFFSET, so the thousandth page of a million
tickets costs what the first does (``ix_tickets_public_map``; on PostgreSQL with a million tickets
every filter's page takes milliseconds). The filters come from a query string typed or edited by
anyone: ``parse_filters`` refuses a wrong value with a message per parameter, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, literal, select, tuple_
from sqlalchemy.orm import load_only

from suite import reference
from suite.database import UTCDateTime
from suite.errors import Invalid
from suite.extensions import db
from suite.input_dates import InputDateError, parse_date
from suite.registry import ServiceModule, enabled_modules
from suite.ticketing import lifecycle
from suite.ticketing.models import Ticket
from suite.ticketing.public_location import public_point_conditions

OPEN, CLOSED = "open", "closed"  # status groups: still being handled, or finished either way

# Query-string names (Indonesian, as the page's URL reads) of each filter.
PARAMETERS = {
    "module": "layanan",
    "category": "kategori",
    "status": "status",
    "kecamatan": "kecamatan",
    "start": "dari",
    "end": "sampai",
}
BEFORE, LIMIT = "sebelum", "batas"
_MAX_ID = 2**31  # the largest id the tables hold: a longer number is not a cursor


@dataclass(frozen=True)
class MapFilters:
    module: str | None = None
    category: str | None = None
    status: str | None = None  # a lifecycle state, OPEN or CLOSED
    kecamatan: str | None = None
    start: date | None = None  # first and last day (WIB) the reports came in, inclusive
    end: date | None = None

    def query_args(self) -> dict[str, str]:
        """The filters as query-string parameters again (for the next page's link)."""
        args = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is not None:
                args[PARAMETERS[item.name]] = value.isoformat() if isinstance(value, date) else value
        return args


@dataclass
class MapPage:
    tickets: list[Ticket]
    next_before: int | None  # the ``sebelum`` of the next page, None on the last


def public_modules() -> dict[str, ServiceModule]:
    """The modules whose reports may appear on the map: enabled and not secret as a whole."""
    return {code: module for code, module in enabled_modules().items() if not module.sensitive}


def status_choices() -> dict[str, object]:
    """Every state of the lifecycle, read when asked (modules and repairs add states)."""
    return dict(lifecycle.STATUS_LABELS)


def parse_filters(args: Mapping[str, str]) -> MapFilters:
    """The filters in ``args`` (blank means "all"); Invalid with a message per parameter."""
    errors: dict[str, object] = {}
    raw = {name: (args.get(param) or "").strip() for name, param in PARAMETERS.items()}
    modules = public_modules()

    module = raw["module"] or None
    if module is not None and module not in modules:
        errors[PARAMETERS["module"]] = _l("Layanan tidak dikenal.")
    category = raw["category"] or None
    if category is not None and not _category_known(category, modules, module):
        errors[PARAMETERS["category"]] = _l("Kategori tidak dikenal untuk layanan ini.")
    status = raw["status"] or None
    if status is not None and status not in (OPEN, CLOSED, *lifecycle.STATUS_LABELS):
        errors[PARAMETERS["status"]] = _l("Status tidak dikenal.")
    kecamatan = raw["kecamatan"] or None
    if kecamatan is not None and kecamatan not in {region.code for region in reference.kecamatan_list()}:
        errors[PARAMETERS["kecamatan"]] = _l("Kecamatan tidak dikenal.")
    start = _date(raw["start"], PARAMETERS["start"], errors)
    end = _date(raw["end"], PARAMETERS["end"], errors)
    if start and end and start > end:
        errors[PARAMETERS["end"]] = _l("Tanggal akhir tidak boleh sebelum tanggal awal.")
    if errors:
        raise Invalid(_l("Saringan peta tidak dapat dipakai; periksa isian yang ditandai."), errors)
    return MapFilters(module, category, status, kecamatan, start, end)


def parse_paging(args: Mapping[str, str], default: int, maximum: int) -> tuple[int | None, int]:
    """(``sebelum``: the id the page starts below, ``batas``: how many); Invalid when malformed."""
    errors: dict[str, object] = {}
    before = _whole_number(args.get(BEFORE))
    if args.get(BEFORE) and (before is None or before < 1):
        errors[BEFORE] = _l("Penanda halaman tidak valid.")
    limit = default
    if args.get(LIMIT):
        limit = _whole_number(args.get(LIMIT)) or 0
        if not 1 <= limit <= maximum:
            errors[LIMIT] = _l("Jumlah per halaman antara 1 dan %(maximum)s.", maximum=maximum)
    if errors:
        raise Invalid(_l("Halaman peta tidak dapat dibaca."), errors)
    return before, limit


def map_page(filters: MapFilters, before: int | None, limit: int) -> MapPage:
    """One page of public reports, newest first (by the time they came in, then id), after the
    ticket ``before`` when given; Invalid when that ticket does not exist."""
    conditions = [*public_conditions(), *filter_conditions(filters)]
    if before is not None:
        conditions.append(_older_than(before))
    query = (
        select(Ticket)
        .where(*conditions)
        # The order of ix_tickets_public_map: a period's reports are one range of it, so an old
        # month of a million tickets is found without walking everything filed since.
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit + 1)
        # What a marker and a table row show, and what public_point checks again: never the
        # description, the reporter or the extras.
        .options(
            load_only(
                Ticket.id,
                Ticket.code,
                Ticket.module,
                Ticket.category,
                Ticket.status,
                Ticket.title,
                Ticket.kecamatan_code,
                Ticket.latitude,
                Ticket.longitude,
                Ticket.created_at,
                Ticket.anonymous,
                Ticket.visibility,
                Ticket.sensitive,
                raiseload=True,
            )
        )
    )
    rows = list(db.session.execute(query).scalars())
    next_before = rows[limit - 1].id if len(rows) > limit else None
    return MapPage(rows[:limit], next_before)


def _older_than(ticket_id: int) -> ColumnElement[bool]:
    """Keyset: after the cursor's ticket in (created_at, id) order. The URL carries only the id; its
    time is looked up (tickets are never deleted, so a cursor this page wrote always resolves)."""
    # Only a ticket the map may show: another id would tell that it exists and when it was made.
    created_at = db.session.execute(
        select(Ticket.created_at).where(Ticket.id == ticket_id, *public_conditions())
    ).scalar_one_or_none()
    if created_at is None:
        raise Invalid(_l("Halaman peta tidak dapat dibaca."), {BEFORE: _l("Penanda halaman tidak valid.")})
    return tuple_(Ticket.created_at, Ticket.id) < tuple_(literal(created_at, UTCDateTime()), literal(ticket_id))


def public_conditions() -> list[ColumnElement[bool]]:
    """Tickets the map may show at all, whatever the filters."""
    # No "module IN (enabled modules)" here: an IN list over every module steers SQLite's planner to
    # the module index and a sort of all its tickets. A switched-off module's old tickets (their
    # sensitivity is on each ticket) are left out when drawn (``is_shown``).
    return [
        *public_point_conditions(),
        Ticket.merged_into_id.is_(None),  # a merged duplicate is shown as the report it joined
    ]


def is_shown(ticket: Ticket) -> bool:
    """Whether a ticket the query returned is drawn: its module must still be enabled and public."""
    return ticket.module in public_modules()


def filter_conditions(filters: MapFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.module:
        conditions.append(Ticket.module == filters.module)
    if filters.category:
        if not filters.module:  # the same code in several modules: each of them
            owners = [
                code
                for code, module in public_modules().items()
                if module.category(filters.category, include_inactive=True)
            ]
            conditions.append(Ticket.module.in_(owners))
        conditions.append(Ticket.category == filters.category)
    if filters.status == OPEN:
        conditions.append(Ticket.status.in_(lifecycle.OPEN_STATES))
    elif filters.status == CLOSED:
        conditions.append(Ticket.status.not_in(lifecycle.OPEN_STATES))
    elif filters.status:
        conditions.append(Ticket.status == filters.status)
    if filters.kecamatan:
        conditions.append(Ticket.kecamatan_code == filters.kecamatan)
    if filters.start:
        conditions.append(Ticket.created_at >= _local_midnight(filters.start))
    if filters.end:
        conditions.append(Ticket.created_at < _local_midnight(filters.end + timedelta(days=1)))
    return conditions


def _category_known(category: str, modules: dict[str, ServiceModule], module: str | None) -> bool:
    if module is not None:
        return module in modules and modules[module].category(category, include_inactive=True) is not None
    return any(item.category(category, include_inactive=True) is not None for item in modules.values())


def _date(text: str, param: str, errors: dict[str, object]) -> date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except InputDateError as error:
        errors[param] = error.message
        return None


def _whole_number(text: str | None) -> int | None:
    """A decimal number the database can hold; None for anything else ("²" is a digit to Python)."""
    text = (text or "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if value < _MAX_ID else None


def _local_midnight(day: date) -> datetime:
    """The start of ``day`` in the regency's time zone: a day typed by a person is a local day."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))
    return datetime.combine(day, time.min, tzinfo=zone)
