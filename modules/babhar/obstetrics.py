"""Dating a pregnancy from the first day of the last menstrual period (HPHT)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

NAEGELE_DAYS = 280
MAX_GESTATION_DAYS = 42 * 7  # past 42 weeks the HPHT is certainly wrong
MISCARRIAGE_LIMIT_WEEKS = 20  # before 20 weeks a pregnancy loss is a miscarriage or abortion (Buku KIA)


def due_date(last_period: date) -> date:
    """HPL by Naegele's rule: HPHT + 280 days."""
    return last_period + timedelta(days=NAEGELE_DAYS)


def gestational_age(last_period: date, on: date) -> tuple[int, int]:
    """(weeks, days) since HPHT."""
    days = (on - last_period).days
    return days // 7, days % 7


def trimester_of_week(weeks: int, last_weeks: Sequence[int]) -> int:
    """The first trimester whose last completed week is not passed; past the last: the last one."""
    for number, last_week in enumerate(last_weeks, start=1):
        if weeks <= last_week:
            return number
    return len(last_weeks)


def trimester(last_period: date, on: date, last_weeks: Sequence[int] | None = None) -> int:
    """Trimester by completed weeks, from the boundaries an admin edits (shipped: PMK 21/2021 and
    the Buku KIA, I up to 12 weeks, II to 24, III to 40; 12+6 is still trimester I)."""
    if last_weeks is None:
        from modules.babhar.clinical_data import trimester_weeks

        last_weeks = trimester_weeks()
    weeks, _ = gestational_age(last_period, on)
    return trimester_of_week(weeks, last_weeks)
