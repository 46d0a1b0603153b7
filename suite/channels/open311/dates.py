"""Datetimes the GeoReport way: W3C/ISO 8601 with a time zone, shown in WIB (+07:00)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from suite.sla.clock import WIB

# "2026-01-31T08:00:00 07:00": a "+" the client did not URL-encode arrives as a space.
_UNENCODED_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def w3c_datetime(value: datetime | None) -> str | None:
    """A stored (UTC) time with the WIB offset, to the second: ``2026-01-31T08:00:00+07:00``."""
    if value is None:
        return None
    return value.astimezone(WIB).replace(microsecond=0).isoformat()


def parse_w3c_datetime(text: str) -> datetime:
    """An aware UTC datetime from W3C/ISO 8601 text. A date alone means midnight WIB and a time
    without an offset is read as WIB (the regency's clock). Raises ValueError."""
    raw = _UNENCODED_PLUS.sub(r"\1+\2", (text or "").strip())
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError("Not a W3C datetime; use e.g. 2026-01-31T08:00:00+07:00.") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=WIB)
    return value.astimezone(timezone.utc)
