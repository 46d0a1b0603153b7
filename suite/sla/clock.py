"""Elapsed time and deadlines in calendar time or on working days.

Working-day mode counts time only on Monday to Friday in WIB that are not Indonesian public
holidays (from the maintained ``holidays`` package); a whole non-working day is skipped, a
working day counts all its 24 hours. Calendar mode counts every minute (the service runs 24/7).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WIB = ZoneInfo("Asia/Jakarta")


@lru_cache(maxsize=64)
def _holidays(year: int):
    return holidays.country_holidays("ID", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=WIB)
    return start, start + timedelta(days=1)


def elapsed_minutes(start: datetime, end: datetime, calendar: str = "calendar") -> float:
    """Minutes from start to end that count under the calendar (0 if end is before start)."""
    if end <= start:
        return 0.0
    if calendar != "working_days":
        return (end - start).total_seconds() / 60
    total = 0.0
    day = start.astimezone(WIB).date()
    last = end.astimezone(WIB).date()
    while day <= last:
        if is_working_day(day):
            day_start, day_end = _day_bounds(day)
            overlap = min(end, day_end) - max(start, day_start)
            total += max(overlap.total_seconds(), 0) / 60
        day += timedelta(days=1)
    return total


def add_minutes(start: datetime, minutes: float, calendar: str = "calendar") -> datetime:
    """The moment at which ``minutes`` of counted time have passed since ``start``."""
    if calendar != "working_days":
        return start + timedelta(minutes=minutes)
    remaining = timedelta(minutes=minutes)
    cursor = start.astimezone(WIB)
    for _ in range(3660):  # ten years of days: a target never reaches that far
        day = cursor.date()
        _, day_end = _day_bounds(day)
        if is_working_day(day):
            available = day_end - cursor
            if remaining <= available:
                return (cursor + remaining).astimezone(UTC)
            remaining -= available
        cursor = day_end
    raise ValueError("target too far in the future")
