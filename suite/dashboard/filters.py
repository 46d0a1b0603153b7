"""The public dashboard's filters (issue 12, item 7): a period of whole months and a module.

The figures come from a monthly summary, so a period is a range of months (WIB): ``dari`` and
``sampai`` as ``YYYY-MM``. A full date (``YYYY-MM-DD``, as older links to ``/statistik/instansi``
carry) stands for its month. Anyone may type these into the address bar: ``parse_filters`` refuses
a wrong value with a message per parameter (Invalid), never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from suite.errors import Invalid
from suite.input_dates import InputDateError, parse_date, parse_month
from suite.registry import ServiceModule, enabled_modules
from suite.sla.clock import WIB
from suite.ticketing.access import health_modules

PARAMETERS = {"start": "dari", "end": "sampai", "module": "layanan"}
DEFAULT_MONTHS = 12
# The longest period one page shows: five years is two budget cycles and their trend; beyond that
# a month chart stops being readable at a glance.
MAX_MONTHS = 60
_MONTH_OR_DAY = re.compile(r"^\d{4}-\d{1,2}(-\d{1,2})?$", re.ASCII)


@dataclass(frozen=True)
class Filters:
    first_month: date  # first days of months, inclusive
    last_month: date
    module: str | None = None

    @property
    def months(self) -> list[date]:
        months, month = [], self.first_month
        while month <= self.last_month:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def last_day(self) -> date:
        return add_months(self.last_month, 1) - timedelta(days=1)

    def query_args(self) -> dict[str, str]:
        """The filters as query-string parameters again (for the CSV links)."""
        args = {PARAMETERS["start"]: month_text(self.first_month), PARAMETERS["end"]: month_text(self.last_month)}
        if self.module:
            args[PARAMETERS["module"]] = self.module
        return args


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def this_month(now: datetime | None = None) -> date:
    today = (now or datetime.now(WIB)).astimezone(WIB).date()
    return today.replace(day=1)


def shown_modules() -> dict[str, ServiceModule]:
    """Modules a visitor may pick: enabled, and not health as a whole (a care-tree module's tickets
    are counted in the totals but never detailed, so a page about one would show nothing)."""
    care = set(health_modules())
    return {code: module for code, module in enabled_modules().items() if code not in care}


def parse_filters(args: Mapping[str, str], now: datetime | None = None) -> Filters:
    """The filters in ``args`` (blank means the default); Invalid with a message per parameter."""
    errors: dict[str, object] = {}
    raw = {name: (args.get(param) or "").strip() for name, param in PARAMETERS.items()}
    last = _month(raw["end"], PARAMETERS["end"], errors) or this_month(now)
    first = _month(raw["start"], PARAMETERS["start"], errors) or add_months(last, -(DEFAULT_MONTHS - 1))
    if not errors:
        if first > last:
            errors[PARAMETERS["end"]] = _l("Bulan akhir tidak boleh sebelum bulan awal.")
        elif len(_span(first, last)) > MAX_MONTHS:
            errors[PARAMETERS["start"]] = _l("Periode paling panjang %(months)s bulan.", months=MAX_MONTHS)
    module = raw["module"] or None
    if module is not None and module not in shown_modules():
        errors[PARAMETERS["module"]] = _l("Layanan tidak dikenal.")
    if errors:
        raise Invalid(_l("Saringan statistik tidak dapat dipakai; periksa isian yang ditandai."), errors)
    return Filters(first, last, module)


def _span(first: date, last: date) -> range:
    return range(first.year * 12 + first.month, last.year * 12 + last.month + 1)


def _month(text: str, param: str, errors: dict) -> date | None:
    if not text:
        return None
    if not _MONTH_OR_DAY.match(text):
        errors[param] = _l("Bulan tidak dikenali; tulis seperti 2026-01.")
        return None
    try:
        if text.count("-") == 2:  # a whole date from an older link: its month
            return parse_date(text).replace(day=1)
        return parse_month(text)
    except InputDateError as error:  # out of the suite's window, or no such month or day
        errors[param] = error.message
        return None
