"""Before and after values of an admin change, for the audit log.

Take a ``snapshot`` of the fields a form may change before applying it and another after, then
``changes(before, after)`` keeps only what differs, so an entry says exactly what an admin
changed. Values become JSON (dates as ISO text, decimals as text) so the entry's hash is stable.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_value(item) for item in value]
    return str(value)


def snapshot(obj: Any, fields: Iterable[str]) -> dict:
    """The named attributes of one row (or any object), JSON-ready."""
    return {name: json_value(getattr(obj, name)) for name in fields}


def snapshot_rows(rows: Iterable[Any], key: Callable[[Any], Any], fields: Iterable[str]) -> dict:
    """Several rows of a settings table, keyed by what an admin knows them by (a code)."""
    fields = tuple(fields)
    return {str(key(row)): snapshot(row, fields) for row in rows}


def changes(before: dict | None, after: dict | None) -> tuple[dict, dict]:
    """Only the keys whose values differ, as ``(before, after)``; nested dicts (rows of a table)
    are compared field by field. A key missing on one side (a row created) shows as absent there."""
    before, after = before or {}, after or {}
    old: dict[Any, Any] = {}
    new: dict[Any, Any] = {}
    for key in list(before) + [k for k in after if k not in before]:
        was, now = before.get(key), after.get(key)
        if isinstance(was, dict) and isinstance(now, dict):
            inner_old, inner_new = changes(was, now)
            if inner_old or inner_new:
                old[key], new[key] = inner_old, inner_new
        elif was != now or (key in before) != (key in after):
            if key in before:
                old[key] = was
            if key in after:
                new[key] = now
    return old, new
