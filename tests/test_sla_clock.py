"""Bands and elapsed time in calendar and working-day mode (WIB; Indonesian holidays)."""

from datetime import datetime

import pytest

from suite.sla.clock import WIB, add_minutes, elapsed_minutes, is_working_day
from suite.sla.models import SlaTarget
from suite.sla.policy import band_for

TARGET = SlaTarget(reward_minutes=10, sanction_minutes=2880, first_response_minutes=2880)


def wib(*args):
    return datetime(*args, tzinfo=WIB)


def test_independence_day_and_weekends_are_not_working_days():
    assert not is_working_day(wib(2026, 8, 17).date())  # Monday, Hari Kemerdekaan
    assert not is_working_day(wib(2026, 8, 15).date())  # Saturday
    assert is_working_day(wib(2026, 8, 18).date())


@pytest.mark.parametrize(
    "start, end, calendar, minutes, band",
    [
        # Across midnight on working days: 9 minutes earns the reward band, 12 does not.
        (wib(2026, 8, 12, 23, 55), wib(2026, 8, 13, 0, 4), "working_days", 9, "reward"),
        (wib(2026, 8, 12, 23, 55), wib(2026, 8, 13, 0, 7), "working_days", 12, "normal"),
        (wib(2026, 8, 12, 23, 55), wib(2026, 8, 13, 0, 7), "calendar", 12, "normal"),
        # Friday 20:00 to Tuesday 09:00 over a weekend and the 17 August holiday:
        # 4 h on Friday + 9 h on Tuesday in working days; 85 h of calendar time.
        (wib(2026, 8, 14, 20, 0), wib(2026, 8, 18, 9, 0), "working_days", 13 * 60, "normal"),
        (wib(2026, 8, 14, 20, 0), wib(2026, 8, 18, 9, 0), "calendar", 85 * 60, "sanction"),
        # A report made on the holiday itself and answered in its first minutes of Tuesday.
        (wib(2026, 8, 17, 10, 0), wib(2026, 8, 18, 0, 5), "working_days", 5, "reward"),
        # More than two working days: Friday 09:00 to Wednesday 10:00 = Fri 15 h + Tue 24 h + Wed 10 h.
        (wib(2026, 8, 14, 9, 0), wib(2026, 8, 19, 10, 0), "working_days", 49 * 60, "sanction"),
    ],
)
def test_elapsed_time_and_band(start, end, calendar, minutes, band):
    elapsed = elapsed_minutes(start, end, calendar)
    assert elapsed == pytest.approx(minutes)
    assert band_for(elapsed, TARGET) == band


def test_deadline_skips_weekend_and_holiday_in_working_day_mode():
    opened = wib(2026, 8, 14, 20, 0)  # Friday evening
    assert add_minutes(opened, 2 * 1440, "working_days") == wib(2026, 8, 19, 20, 0)  # Tue + Wed
    assert add_minutes(opened, 2 * 1440, "calendar") == wib(2026, 8, 16, 20, 0)
    # A deadline and the time elapsed to it agree.
    assert elapsed_minutes(opened, add_minutes(opened, 4000, "working_days"), "working_days") == pytest.approx(4000)
