"""Dating a pregnancy from the first day of the last menstrual period (HPHT)."""

from __future__ import annotations

from datetime import date, timedelta

NAEGELE_DAYS = 280
MAX_GESTATION_DAYS = 42 * 7  # past 42 weeks the HPHT is certainly wrong


def due_date(last_period: date) -> date:
    """HPL by Naegele's rule: HPHT + 280 days."""
    return last_period + timedelta(days=NAEGELE_DAYS)


def gestational_age(last_period: date, on: date) -> tuple[int, int]:
    """(weeks, days) since HPHT."""
    days = (on - last_period).days
    return days // 7, days % 7


def trimester(last_period: date, on: date) -> int:
    """1 until 13+6 weeks, 2 until 27+6 weeks, 3 after (WHO ANC 2016)."""
    weeks, _ = gestational_age(last_period, on)
    return 1 if weeks < 14 else 2 if weeks < 28 else 3
