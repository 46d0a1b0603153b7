"""Reporting periods picked as WIB dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import abort

from suite.input_dates import InputDateError, parse_date
from suite.sla.clock import WIB


def period_from_args(args, default_days: int = 30) -> tuple[date, date, datetime, datetime]:
    """The [from, to] dates a user picked (WIB, inclusive) and the UTC instants bounding them.
    A date that is unreadable or outside the suite's window (``suite.input_dates``) is a 400."""
    today = datetime.now(WIB).date()
    try:
        end_day = parse_date(args.get("sampai")) if args.get("sampai") else today
        start_day = parse_date(args.get("dari")) if args.get("dari") else end_day - timedelta(days=default_days - 1)
    except InputDateError as error:
        abort(400, description=str(error.message))
    if start_day > end_day:
        start_day, end_day = end_day, start_day
    start = datetime.combine(start_day, time.min, tzinfo=WIB)
    end = datetime.combine(end_day + timedelta(days=1), time.min, tzinfo=WIB)
    return start_day, end_day, start, end
