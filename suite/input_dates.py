"""Dates, datetimes and months typed by someone (query strings, forms, channel parameters), read
one way everywhere and refused when out of range.

Python's dates stop at year 9999 and start at year 1, PostgreSQL's timestamps differ again, and
arithmetic on an extreme value (``end + 90 days``, a timezone shift) overflows: a client sending
``9999-12-31T23:59:59Z`` or ``0000-01-01`` used to get a 500. Every parser here checks the text
first (length, control characters), then the value against a window that the suite can use:
from ``INPUT_DATE_MIN_YEAR`` to ``INPUT_DATE_MAX_DAYS_AHEAD`` days from today (settings). A caller
with a wider need (a birth date) passes its own ``earliest``.

Refusals raise ``InputDateError``: ``str(error)`` is English for machine channels and logs,
``error.message`` is the translated text for people.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

MAX_TEXT = 64  # the longest sane ISO 8601 datetime is ~35 characters
OLDEST_BIRTH = date(1900, 1, 1)  # birth dates reach further back than anything the suite records
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class InputDateError(ValueError):
    def __init__(self, english: str, message):
        super().__init__(english)
        self.message = message


def window(earliest: date | None = None, today: date | None = None) -> tuple[date, date]:
    """The [earliest, latest] dates the suite accepts (inclusive)."""
    config = current_app.config if has_app_context() else {}
    today = today or date.today()
    earliest = earliest or date(int(config.get("INPUT_DATE_MIN_YEAR", 2000)), 1, 1)
    latest = today + timedelta(days=int(config.get("INPUT_DATE_MAX_DAYS_AHEAD", 366)))
    return earliest, latest


def check_date(value: date, earliest: date | None = None) -> date:
    """``value`` if it lies in the window; InputDateError otherwise (also for form fields that
    parsed a date themselves)."""
    low, high = window(earliest)
    day = value.date() if isinstance(value, datetime) else value
    if not low <= day <= high:
        raise InputDateError(
            f"Out of range; use a date from {low.isoformat()} to {high.isoformat()}.",
            _l(
                "Tanggal di luar jangkauan: pilih antara %(low)s dan %(high)s.",
                low=low.isoformat(),
                high=high.isoformat(),
            ),
        )
    return value


def parse_date(text: str, earliest: date | None = None) -> date:
    """``YYYY-MM-DD``."""
    raw = _clean(text)
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise _not_a("date", "YYYY-MM-DD, e.g. 2026-01-31") from None
    return check_date(value, earliest)


def parse_month(text: str, earliest: date | None = None) -> date:
    """``YYYY-MM`` as the first day of that month."""
    match = _MONTH.match(_clean(text))
    # Year 0 matches the pattern but is no date (a 500 until the dashboard's filters tried it).
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise _not_a("month", "YYYY-MM, e.g. 2026-01")
    return check_date(date(int(match.group(1)), int(match.group(2)), 1), earliest)


def parse_datetime(text: str, default_tz: tzinfo, earliest: date | None = None) -> datetime:
    """ISO 8601 / W3C date or datetime as an aware UTC datetime; a value without an offset is
    read in ``default_tz`` (a date alone is its midnight)."""
    raw = _clean(text)
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise _not_a("datetime", "e.g. 2026-01-31T08:00:00+07:00") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_tz)
    try:
        local = value.astimezone(default_tz)
    except OverflowError:  # 9999-12-31T23:59:59Z is past year 9999 in WIB
        local = datetime.max if value.year > 2000 else datetime.min
    check_date(local, earliest)
    return value.astimezone(UTC)


def _clean(text) -> str:
    raw = str(text if text is not None else "").strip()
    if len(raw) > MAX_TEXT or _CONTROL.search(raw):
        raise InputDateError("Not a date: too long or holds control characters.", _l("Tanggal tidak dikenali."))
    return raw


def _not_a(kind: str, example: str) -> InputDateError:
    return InputDateError(f"Not a {kind}; use {example}.", _l("Tanggal tidak dikenali."))


class InWindow:
    """WTForms validator: a DateField's date must lie in the suite's window (``earliest`` for a
    field that reaches further back, such as a birth date). The field has parsed the text already."""

    def __init__(self, earliest: date | None = None):
        self.earliest = earliest

    def __call__(self, form, field) -> None:
        if field.data is None:
            return
        try:
            check_date(field.data, self.earliest)
        except InputDateError as error:
            from wtforms.validators import StopValidation

            raise StopValidation(str(error.message)) from None


def schema_window(earliest: date | None = None):
    """marshmallow validator with the same rule, for dates arriving as JSON (API, Open311)."""

    def validate(value: date) -> None:
        from marshmallow import ValidationError

        try:
            check_date(value, earliest)
        except InputDateError as error:
            raise ValidationError(str(error.message)) from None

    return validate
