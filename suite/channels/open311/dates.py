"""Datetimes the GeoReport way: W3C/ISO 8601 with a time zone, shown in WIB (+07:00)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import overload

from suite.input_dates import MAX_TEXT, InputDateError, parse_datetime
from suite.sla.clock import WIB

# "2026-01-31T08:00:00 07:00": a "+" the client did not URL-encode arrives as a space.
_UNENCODED_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


@overload
def w3c_datetime(value: datetime) -> str: ...


@overload
def w3c_datetime(value: None) -> None: ...


def w3c_datetime(value: datetime | None) -> str | None:
    """A stored (UTC) time with the WIB offset, to the second: ``2026-01-31T08:00:00+07:00``."""
    if value is None:
        return None
    return value.astimezone(WIB).replace(microsecond=0).isoformat()


def parse_w3c_datetime(text: str, earliest: date | None = None) -> datetime:
    """An aware UTC datetime from W3C/ISO 8601 text. A date alone means midnight WIB and a time
    without an offset is read as WIB (the regency's clock). Raises ValueError (InputDateError)
    for text that is not one or lies outside the suite's date window (``suite.input_dates``)."""
    raw = _UNENCODED_PLUS.sub(r"\1+\2", str(text or "").strip()[: MAX_TEXT + 1])
    try:
        return parse_datetime(raw, WIB, earliest)
    except InputDateError as error:
        if str(error).startswith("Out of range"):
            raise
        raise InputDateError("Not a W3C datetime; use e.g. 2026-01-31T08:00:00+07:00.", error.message) from None
