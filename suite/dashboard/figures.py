"""The public dashboard's figures (issue 12, item 7), read only from the monthly summary.

Nothing here touches ``tickets``: every figure is a sum over ``ticket_month_stats``
(``suite.sla.stats_queries``), a few thousand rows a month however many tickets there are, so the
page answers in milliseconds with a million tickets (item 11) and no visitor can make it scan.

What the public sees of confidential and health tickets: they are counted in the totals (received,
share within target, the response-time distribution, the months), and stated as one number; nothing
that names a module, category, kecamatan or agency counts them (``disclosed_only``). A breakdown
lists only what has disclosed tickets, so a category, kecamatan or agency whose only reports are
confidential or about health is not named at all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from flask import current_app
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite import reference
from suite.dashboard.filters import Filters
from suite.dashboard.tables import MINUTES, SHARE, TEXT, Column, Table, share
from suite.extensions import db
from suite.identity.models import Agency
from suite.registry import get_module
from suite.sla.stats_queries import MEASURES, Figures, breakdown
from suite.sla.ticket_stats import TicketStatsState

# Categories and agencies drawn as bars: the table under the chart lists them all.
CHART_ROWS = 15
CACHE_SIZE = 64  # figure sets kept per process (see _cached)
_CACHE_LOCK = threading.Lock()
T = TypeVar("T")


@dataclass
class Dashboard:
    filters: Filters
    total: Figures  # every ticket of the period, disclosed or not
    undisclosed: int  # of which confidential or health: counted, never detailed
    refreshed_at: object  # when the summary was last brought up to date (UTC), None if never
    tables: dict[str, Table]

    @property
    def target_share(self) -> float | None:
        return self.total.target_share


def dashboard(filters: Filters) -> Dashboard:
    """Every figure of the dashboard for ``filters``; the same object again until the summary is
    next refreshed (see ``_cached``)."""
    return _cached("dashboard", filters, lambda: _dashboard(filters))


def _dashboard(filters: Filters) -> Dashboard:
    where: dict[str, Any] = {"module": filters.module} if filters.module else {}
    span = (filters.first_month, filters.last_month)
    months = breakdown(*span, by=("month",), **where)
    total = _sum(months)
    by_module = breakdown(*span, by=("module",), disclosed_only=True, **where)
    undisclosed = total.received - sum(f.received for f in by_module)
    tables = {
        table.name: table
        for table in (
            month_table(filters, months),
            target_table(filters, months),
            distribution_table(total),
            module_table(by_module, undisclosed),
            category_table(breakdown(*span, by=("module", "category"), disclosed_only=True, **where)),
            kecamatan_table(breakdown(*span, by=("kecamatan_code",), disclosed_only=True, **where)),
            ranking_table(breakdown(*span, by=("agency_id",), disclosed_only=True, **where)),
        )
    }
    return Dashboard(filters, total, undisclosed, refreshed_at(), tables)


def agency_ranking(filters: Filters) -> Table:
    """The public ranking of agencies (``/statistik/instansi``), disclosed tickets only."""
    where: dict[str, Any] = {"module": filters.module} if filters.module else {}
    return _cached(
        "ranking",
        filters,
        lambda: ranking_table(
            breakdown(filters.first_month, filters.last_month, by=("agency_id",), disclosed_only=True, **where)
        ),
    )


def refreshed_at():
    state = db.session.get(TicketStatsState, 1)
    return state.refreshed_at if state else None


def _cached(kind: str, filters: Filters, build: Callable[[], T]) -> T:
    """``build()``, kept per process until the summary is refreshed again.

    The summary changes only when ``stats-refresh`` (every sweep) rewrites it, and that run stamps
    ``refreshed_at`` in the same transaction: figures cached under one stamp stay exact until the
    next. A page then costs one primary-key read instead of five sums over a year of summary rows,
    so a crowd on the default page, or someone reloading, never repeats the sums. The cache is
    small and bounded (least recently used out): periods nobody asks twice only cost their sums.
    Labels are translated while building, so the language is part of the key.
    """
    key = (kind, filters, str(get_locale()), refreshed_at())
    cache: OrderedDict = current_app.extensions.setdefault("dashboard_figures", OrderedDict())
    with _CACHE_LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = build()
    with _CACHE_LOCK:
        cache[key] = value
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    return value


def month_table(filters: Filters, months: list[Figures]) -> Table:
    found = {f.key["month"]: f for f in months}
    rows = []
    for month in filters.months:
        figures = found.get(month)
        received = figures.received if figures else 0
        rows.append(
            {
                "month": f"{month.year:04d}-{month.month:02d}",
                "label": _month_label(month),
                "received": received,
                "answered": figures.answered if figures else 0,
                "resolved": figures.resolved if figures else 0,
                "open_now": figures.open_now if figures else 0,
            }
        )
    return Table(
        "bulan",
        _l("Laporan masuk per bulan"),
        [
            Column("month", _l("Kode bulan"), TEXT, shown=False),
            Column("label", _l("Bulan"), TEXT),
            Column("received", _l("Laporan masuk")),
            Column("answered", _l("Sudah dijawab")),
            Column("resolved", _l("Sudah diselesaikan")),
            Column("open_now", _l("Masih ditangani")),
        ],
        rows,
        note=_l("Termasuk laporan rahasia dan kesehatan, yang hanya dihitung."),
    )


def target_table(filters: Filters, months: list[Figures]) -> Table:
    found = {f.key["month"]: f for f in months}
    rows = []
    for month in filters.months:
        figures = found.get(month)
        received = figures.received if figures else 0
        in_target = figures.answered_in_target if figures else 0
        rows.append(
            {
                "month": f"{month.year:04d}-{month.month:02d}",
                "label": _month_label(month),
                "received": received,
                "answered_in_target": in_target,
                "target_share": share(in_target, received),
            }
        )
    return Table(
        "tepat-waktu",
        _l("Dijawab dalam target waktu, per bulan"),
        [
            Column("month", _l("Kode bulan"), TEXT, shown=False),
            Column("label", _l("Bulan"), TEXT),
            Column("received", _l("Laporan masuk")),
            Column("answered_in_target", _l("Dijawab dalam target")),
            Column("target_share", _l("Persentase dalam target"), SHARE),
        ],
        rows,
        chart_key="target_share",
        note=_l(
            "Bagian laporan yang mendapat tanggapan pertama sebelum batas waktu layanannya. "
            "Laporan yang belum dijawab dihitung belum tepat waktu."
        ),
    )


# (CSV code, label, lower cumulative column or None, upper cumulative column)
_BINS = (
    ("le_10m", _l("Sampai 10 menit"), None, "response_le_10m"),
    ("10m_1h", _l("10 menit sampai 1 jam"), "response_le_10m", "response_le_1h"),
    ("1h_1d", _l("1 jam sampai 1 hari"), "response_le_1h", "response_le_1d"),
    ("1d_2d", _l("1 sampai 2 hari"), "response_le_1d", "response_le_2d"),
    ("2d_7d", _l("2 sampai 7 hari"), "response_le_2d", "response_le_7d"),
    ("over_7d", _l("Lebih dari 7 hari"), "response_le_7d", "answered"),
    ("unanswered", _l("Belum dijawab"), "answered", "received"),
)


def distribution_table(total: Figures) -> Table:
    values = total.values
    rows = []
    for code, label, lower, upper in _BINS:
        count = values[upper] - (values[lower] if lower else 0)
        rows.append({"bin": code, "label": str(label), "tickets": count, "share": share(count, total.received)})
    return Table(
        "waktu-tanggapan",
        _l("Berapa lama sampai tanggapan pertama"),
        [
            Column("bin", _l("Kode rentang"), TEXT, shown=False),
            Column("label", _l("Rentang waktu"), TEXT),
            Column("tickets", _l("Laporan")),
            Column("share", _l("Persentase"), SHARE),
        ],
        rows,
        chart_key="tickets",
        note=_l("Waktu kalender sejak laporan masuk sampai tanggapan pertama, semua laporan pada periode ini."),
    )


def module_table(by_module: list[Figures], undisclosed: int) -> Table:
    rows = [
        {
            "module": f.key["module"],
            "label": _module_name(f.key["module"]),
            "received": f.received,
            "target_share": f.target_share,
            "mean_response_minutes": f.mean_response_minutes,
        }
        for f in sorted(by_module, key=lambda f: (-f.received, f.key["module"]))
    ]
    if undisclosed:
        rows.append(
            {
                "module": "",
                "label": str(_l("Rahasia atau kesehatan (tidak dirinci)")),
                "received": undisclosed,
                "target_share": None,
                "mean_response_minutes": None,
            }
        )
    return Table(
        "layanan",
        _l("Laporan per layanan"),
        [
            Column("module", _l("Kode layanan"), TEXT, shown=False),
            Column("label", _l("Layanan"), TEXT),
            Column("received", _l("Laporan masuk")),
            Column("target_share", _l("Persentase dalam target"), SHARE),
            Column("mean_response_minutes", _l("Rata-rata tanggapan pertama"), MINUTES),
        ],
        rows,
    )


def category_table(by_category: list[Figures]) -> Table:
    rows = []
    for f in by_category:
        module_code, code = f.key["module"], f.key["category"]
        module = get_module(module_code)
        category = module.category(code) if module else None
        module_name = _module_name(module_code)
        category_name = str(category.label) if category else code
        rows.append(
            {
                "module": module_code,
                "module_name": module_name,
                "category": code,
                "label": f"{module_name} · {category_name}",
                "received": f.received,
                "target_share": f.target_share,
            }
        )
    rows.sort(key=lambda row: (-row["received"], row["label"]))
    return Table(
        "kategori",
        _l("Laporan per kategori"),
        [
            Column("module", _l("Kode layanan"), TEXT, shown=False),
            Column("module_name", _l("Layanan"), TEXT, shown=False),
            Column("category", _l("Kode kategori"), TEXT, shown=False),
            Column("label", _l("Kategori"), TEXT),
            Column("received", _l("Laporan masuk")),
            Column("target_share", _l("Persentase dalam target"), SHARE),
        ],
        rows,
        chart_limit=CHART_ROWS,
    )


def kecamatan_table(by_kecamatan: list[Figures]) -> Table:
    rows = [
        {
            "kecamatan": f.key["kecamatan_code"],
            "label": reference.region_label(f.key["kecamatan_code"])
            if f.key["kecamatan_code"]
            else str(_l("Tanpa kecamatan")),
            "received": f.received,
            "open_now": f.open_now,
            "target_share": f.target_share,
        }
        for f in by_kecamatan
    ]
    rows.sort(key=lambda row: (-row["received"], row["label"]))
    return Table(
        "kecamatan",
        _l("Laporan per kecamatan"),
        [
            Column("kecamatan", _l("Kode kecamatan"), TEXT, shown=False),
            Column("label", _l("Kecamatan"), TEXT),
            Column("received", _l("Laporan masuk")),
            Column("open_now", _l("Masih ditangani")),
            Column("target_share", _l("Persentase dalam target"), SHARE),
        ],
        rows,
    )


def ranking_table(by_agency: list[Figures]) -> Table:
    ids = [f.key["agency_id"] for f in by_agency]
    agencies = {a.id: a for a in db.session.execute(select(Agency).where(Agency.id.in_(ids))).scalars()} if ids else {}
    rows = []
    for f in by_agency:
        agency = agencies.get(f.key["agency_id"])
        rows.append(
            {
                "agency": agency.code if agency else "",
                "label": agency.name if agency else "—",
                "received": f.received,
                "answered": f.answered,
                "target_share": f.target_share,
                "within_10_minutes_share": share(f.response_le_10m, f.received),
                "mean_response_minutes": f.mean_response_minutes,
                "resolved": f.resolved,
                "open_now": f.open_now,
                "awaiting_budget": f.awaiting_budget,
            }
        )
    # Best first: most answered within target, then the fastest on average, then the busiest.
    rows.sort(
        key=lambda row: (
            -(row["target_share"] or 0),
            row["mean_response_minutes"] if row["mean_response_minutes"] is not None else float("inf"),
            -row["received"],
            row["label"],
        )
    )
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return Table(
        "instansi",
        _l("Peringkat instansi: dijawab dalam target waktu"),
        [
            Column("rank", _l("Peringkat")),
            Column("agency", _l("Kode instansi"), TEXT, shown=False),
            Column("label", _l("Instansi"), TEXT),
            Column("received", _l("Laporan masuk")),
            Column("answered", _l("Sudah dijawab")),
            Column("target_share", _l("Persentase dalam target"), SHARE),
            Column("within_10_minutes_share", _l("Dijawab dalam 10 menit"), SHARE),
            Column("mean_response_minutes", _l("Rata-rata tanggapan pertama"), MINUTES),
            Column("resolved", _l("Sudah diselesaikan")),
            Column("open_now", _l("Masih ditangani")),
            Column("awaiting_budget", _l("Menunggu anggaran")),
        ],
        rows,
        chart_key="target_share",
        chart_limit=CHART_ROWS,
        note=_l("Laporan rahasia dan kesehatan tidak dihitung di sini."),
    )


def _sum(groups: list[Figures]) -> Figures:
    values: dict = dict.fromkeys(MEASURES, 0)
    for f in groups:
        for name, value in f.values.items():
            values[name] += value
    return Figures(key={}, values=values)


def _module_name(code: str) -> str:
    module = get_module(code)
    return str(module.name) if module else code


def _month_label(month: date) -> str:
    return format_date(month, "MMM yyyy")
