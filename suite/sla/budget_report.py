"""The budget-planning report for a year (issue 12, item 9): what citizens complained about where,
and what waits for money, for the regency's planning round (Musrenbang, RKPD, APBD).

Figures (category share per kecamatan and per agency, the trend against the year before) come from
the monthly summary (``suite.sla.stats_queries``); the lists (open heavy damage, waiting for the
budget) are live indexed queries (``suite.ticketing.budget_lists``). Every table is plain rows with
translated column names, so the page, the CSV and the XLSX show the same thing.

Tickets that may be counted but not detailed (confidential, health) appear in the figures as one
line "not itemised" per kecamatan, agency or module, and in the lists only as a count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite import reference
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.models import Agency
from suite.privacy.redaction import redact_nik
from suite.registry import get_module
from suite.sla.clock import WIB
from suite.sla.stats_queries import Figures, breakdown
from suite.ticketing import repair
from suite.ticketing.budget_lists import Scope, TicketList, awaiting_budget, open_heavy_damage
from suite.ticketing.models import Ticket
from suite.ticketing.public_location import public_point

DEFAULT_LIST_LIMIT = 200  # rows per list; ``BUDGET_REPORT_LIST_LIMIT`` overrides it
TABLE_KEYS = ("kecamatan", "instansi", "tren", "rusak-berat", "anggaran-per-tahun", "menunggu-anggaran")


@dataclass
class Table:
    key: str  # the CSV section and ``tabel=`` value
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    code_column: int | None = None  # the column holding a ticket code (linked on the page)


@dataclass
class BudgetReport:
    year: int
    received: int
    received_before: int
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def parse_year(raw: str | None, today: date | None = None) -> int:
    """The year asked for (``tahun``): this year when empty; a year from ``INPUT_DATE_MIN_YEAR``
    up to this one, else Invalid with a message naming the range."""
    today = today or datetime.now(WIB).date()
    first = int(current_app.config.get("INPUT_DATE_MIN_YEAR", 2000))
    text = (raw or "").strip()
    if not text:
        return today.year
    if len(text) == 4 and text.isascii() and text.isdigit() and first <= int(text) <= today.year:
        return int(text)
    message = _("Tahun harus berupa angka empat digit antara %(first)s dan %(last)s.", first=first, last=today.year)
    raise Invalid(message, {"tahun": message})


def build(year: int, scope: Scope, now: datetime) -> BudgetReport:
    limit = int(current_app.config.get("BUDGET_REPORT_LIST_LIMIT", DEFAULT_LIST_LIMIT))
    where: dict = {}
    if scope.agency_ids is not None:
        where["agency_id"] = sorted(scope.agency_ids)
    if scope.modules:
        where["module"] = list(scope.modules)
    # Two reads of the summary: this year by place and category (both share tables and the
    # trend's second column), the year before by category.
    figures = breakdown(
        date(year, 1, 1),
        date(year, 12, 1),
        ("kecamatan_code", "agency_id", "module", "category", "disclosed"),
        measures=("received",),
        **where,
    )
    before = breakdown(
        date(year - 1, 1, 1),
        date(year - 1, 12, 1),
        ("module", "category", "disclosed"),
        measures=("received",),
        **where,
    )
    trend, received, received_before = _trend(year, before, figures)
    years, waiting = awaiting_budget(scope, limit)
    return BudgetReport(
        year=year,
        received=received,
        received_before=received_before,
        tables=[
            _shares(
                "kecamatan",
                (_("Kecamatan"), _("Persen dari kecamatan")),
                _("Sebaran kategori per kecamatan"),
                figures,
                "kecamatan_code",
                _kecamatan_name,
            ),
            _shares(
                "instansi",
                (_("Instansi"), _("Persen dari instansi")),
                _("Sebaran kategori per instansi"),
                figures,
                "agency_id",
                _agency_names(),
            ),
            trend,
            _heavy_damage_table(open_heavy_damage(scope, limit), now),
            _budget_years_table(years),
            _waiting_table(waiting, now),
        ],
    )


def _shares(key, headings, title, figures, dimension, name_of) -> Table:
    """Per kecamatan (or agency): each category's tickets and its share of that place's tickets."""
    groups: dict = defaultdict(lambda: defaultdict(int))
    for figure in figures:
        if figure.received:
            place = figure.key[dimension]
            part = (figure.key["module"], figure.key["category"]) if figure.key["disclosed"] else None
            groups[place][part] += figure.received
    heading, share = headings
    table = Table(key, heading, title, [heading, _("Layanan"), _("Kategori"), _("Jumlah"), share])
    for place in sorted(groups, key=lambda p: (name_of(p) == "", name_of(p))):
        parts = groups[place]
        whole = sum(parts.values())
        for part, count in sorted(parts.items(), key=lambda item: (item[0] is None, -item[1], str(item[0]))):
            module, category = _part_labels(part)
            table.rows.append([name_of(place) or _("Tanpa kecamatan"), module, category, count, _percent(count, whole)])
    if not table.rows:
        table.notes.append(_("Tidak ada laporan pada tahun ini."))
    return table


def _trend(year: int, year_before: list[Figures], this_year: list[Figures]) -> tuple[Table, int, int]:
    """Tickets per module and category this year against the year before, and the change in %."""
    counts: dict = defaultdict(lambda: [0, 0])
    for index, figures in enumerate((year_before, this_year)):
        for figure in figures:
            part = (figure.key["module"], figure.key["category"] if figure.key["disclosed"] else None)
            counts[part][index] += figure.received
    table = Table(
        "tren",
        _("Tren"),
        _("Tren dibanding tahun sebelumnya"),
        [_("Layanan"), _("Kategori"), str(year - 1), str(year), _("Perubahan (%)")],
    )
    ordered = sorted(counts.items(), key=lambda item: (_module_name(item[0][0]), item[0][1] is None, -item[1][1]))
    for (module, category), (before, now) in ordered:
        labels = _part_labels((module, category)) if category is not None else (_module_name(module), _withheld())
        table.rows.append([*labels, before, now, _change(before, now)])
    before_total = sum(c[0] for c in counts.values())
    now_total = sum(c[1] for c in counts.values())
    table.rows.append([_("Jumlah"), "", before_total, now_total, _change(before_total, now_total)])
    table.notes.append(_("Perubahan kosong: tidak ada laporan pada tahun sebelumnya."))
    return table, now_total, before_total


def _heavy_damage_table(found: TicketList, now: datetime) -> Table:
    table = Table(
        "rusak-berat",
        _("Rusak berat"),
        _("Kerusakan berat yang masih terbuka"),
        [
            _("Kode"),
            _("Layanan"),
            _("Kategori"),
            _("Desa"),
            _("Kecamatan"),
            _("Jalan / patokan"),
            _("Lintang (titik publik)"),
            _("Bujur (titik publik)"),
            _("Status"),
            _("Instansi"),
            _("Dilaporkan"),
            _("Umur (hari)"),
        ],
        code_column=0,
    )
    for ticket in found.rows:
        module, category = _part_labels((ticket.module, ticket.category))
        point = public_point(ticket)
        table.rows.append(
            [
                ticket.code,
                module,
                category,
                *_place(ticket),
                *(point or (None, None)),
                repair.status_name(ticket.status, get_module(ticket.module)),
                _agency_short_name(ticket.agency_id),
                _local_date(ticket),
                _age_days(ticket, now),
            ]
        )
    table.notes += _list_notes(found)
    return table


def _budget_years_table(years) -> Table:
    table = Table(
        "anggaran-per-tahun",
        _("Anggaran per tahun"),
        _("Menunggu anggaran, per tahun anggaran"),
        [_("Tahun anggaran"), _("Jumlah tiket"), _("Tidak dirinci (rahasia atau kesehatan)")],
    )
    for entry in years:
        year = entry.year if entry.year is not None else _("Belum ditentukan")
        table.rows.append([year, entry.total, entry.withheld])
    if not years:
        table.notes.append(_("Tidak ada tiket yang menunggu anggaran."))
    return table


def _waiting_table(found: TicketList, now: datetime) -> Table:
    table = Table(
        "menunggu-anggaran",
        _("Menunggu anggaran"),
        _("Daftar tiket menunggu anggaran"),
        [
            _("Tahun anggaran"),
            _("Kode"),
            _("Layanan"),
            _("Kategori"),
            _("Desa"),
            _("Kecamatan"),
            _("Jalan / patokan"),
            _("Instansi"),
            _("Dilaporkan"),
            _("Umur (hari)"),
        ],
        code_column=1,
    )
    for ticket in found.rows:
        module, category = _part_labels((ticket.module, ticket.category))
        table.rows.append(
            [
                ticket.budget_year if ticket.budget_year is not None else _("Belum ditentukan"),
                ticket.code,
                module,
                category,
                *_place(ticket),
                _agency_short_name(ticket.agency_id),
                _local_date(ticket),
                _age_days(ticket, now),
            ]
        )
    table.notes += _list_notes(found)
    return table


def _list_notes(found: TicketList) -> list[str]:
    notes = []
    if found.more:
        notes.append(
            _(
                "Ditampilkan %(shown)s dari %(total)s tiket; %(more)s tiket lainnya tidak ditampilkan.",
                shown=len(found.rows),
                total=found.listable,
                more=found.more,
            )
        )
    if found.withheld:
        notes.append(_("%(count)s tiket rahasia atau kesehatan dihitung tetapi tidak dirinci.", count=found.withheld))
    if not found.listable and not found.withheld:
        notes.append(_("Tidak ada tiket."))
    return notes


def _place(ticket: Ticket) -> list[str]:
    """Desa, kecamatan and the road or landmark the module names (free text: NIK redacted)."""
    desa = reference.desa(ticket.desa_code)
    module = get_module(ticket.module)
    marker = module.heavy_damage if module is not None else None
    place = (ticket.extras or {}).get(marker.place_field) if marker and marker.place_field else None
    return [
        desa.name if desa else "",
        _kecamatan_name(ticket.kecamatan_code or ""),
        redact_nik(str(place)) if place else "",
    ]


def _part_labels(part) -> tuple[str, str]:
    """(module name, category label) in the reader's language; once per request each, as a report
    names the same few hundred categories again and again."""
    cache = g.setdefault("budget_report_labels", {})
    if part not in cache:
        if part is None:
            cache[part] = "", _withheld()
        else:
            module_code, category_code = part
            module = get_module(module_code)
            category = module.category(category_code) if module is not None else None
            cache[part] = _module_name(module_code), str(category.label) if category is not None else category_code
    return cache[part]


def _module_name(code: str) -> str:
    cache = g.setdefault("budget_report_modules", {})
    if code not in cache:
        module = get_module(code)
        cache[code] = str(module.name) if module is not None else code
    return cache[code]


def _withheld() -> str:
    return str(_l("Tidak dirinci (rahasia atau kesehatan)"))


def _kecamatan_name(code: str) -> str:
    region = reference.local_regions().get(code) if code else None
    return region.name if region is not None else code


def _agency_names():
    names = dict(db.session.execute(select(Agency.id, Agency.name)).all())
    return lambda agency_id: names.get(agency_id, str(agency_id))


def _agency_short_name(agency_id: int) -> str:
    if "budget_report_agencies" not in g:
        g.budget_report_agencies = dict(db.session.execute(select(Agency.id, Agency.short_name)).all())
    return g.budget_report_agencies.get(agency_id, str(agency_id))


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _change(before: int, now: int) -> float | None:
    return round(100 * (now - before) / before, 1) if before else None


def _local_date(ticket: Ticket) -> str:
    return ticket.created_at.astimezone(WIB).date().isoformat()


def _age_days(ticket: Ticket, now: datetime) -> int:
    return max(0, (now - ticket.created_at).days)
