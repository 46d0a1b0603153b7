"""Bahasa Indonesia by default, English selectable; times shown in WIB."""

from __future__ import annotations

import sys
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel.dates import format_timedelta
from flask import Flask, current_app, has_request_context, session

from suite.extensions import babel
from suite.request_memo import per_request


def select_locale() -> str:
    if has_request_context() and session.get("lang") in current_app.config["SUITE_LANGUAGES"]:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_i18n(app: Flask) -> None:
    folders = [str(Path(__file__).parent / "translations")]
    for module in enabled_modules_of(app):
        source = sys.modules[type(module).__module__].__file__
        if source is None:  # a namespace package: no folder to hold translations
            continue
        folder = Path(source).parent / "translations"
        if folder.is_dir():
            folders.append(str(folder))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(folders)
    babel.init_app(app, locale_selector=select_locale)
    register_context(app)


def enabled_modules_of(app: Flask):
    return app.extensions.get("suite_modules", {}).values()


def register_context(app: Flask) -> None:
    from flask_babel import get_locale

    @app.context_processor
    def _language():
        return {"current_lang": lambda: str(get_locale() or "id")}


# -- dates, numbers and durations in the reader's locale, times in WIB (issue 14, item 4) --------
#
# A moment reads as the locale's medium date and the 24-hour time: "6 Des 2026 14:05 WIB",
# "Dec 6, 2026 14:05 WIB". Babel's format_datetime looks the locale and the time zone up and parses
# the pattern on each call, a fifth of a 50-row staff queue's time (issue 13): the two shapes of the
# enabled languages are written out by hand from the same locale data, and any other pattern falls
# back to Babel (tests/test_wib_filter.py holds the two in step).

DAY_FIRST, MONTH_FIRST = "d MMM yyyy", "MMM d, yyyy"


def date_pattern(locale) -> str:
    """The locale's medium date pattern with a four-digit year ("d MMM yyyy", "MMM d, yyyy")."""
    pattern = locale.date_formats["medium"].pattern
    return pattern if "yyyy" in pattern else pattern.replace("y", "yyyy")


def _clock():
    """(timezone, abbreviated month names, date pattern) of this request's locale, looked up once
    per request (Flask-Babel also keeps a request's locale and timezone once looked up)."""
    from flask_babel import get_locale, get_timezone

    def make():
        locale = get_locale()
        months = locale.months["format"]["abbreviated"] if locale is not None else None
        return (get_timezone(), months, date_pattern(locale) if locale is not None else DAY_FIRST)

    return per_request("wib_clock", make)


def wib_pattern(seconds: bool = False) -> str:
    """The pattern ``wib_datetime`` writes in this locale (without the "WIB")."""
    return f"{_clock()[2]} HH:mm" + (":ss" if seconds else "")


def wib_datetime(value, seconds: bool = False) -> str:
    """A stored moment (UTC; a naive value is UTC, as Babel takes it) in WIB, in the reader's locale,
    with the "WIB" label: "6 Des 2026 14:05 WIB" / "Dec 6, 2026 14:05 WIB"; "" for None."""
    from datetime import UTC

    from flask_babel import format_datetime

    if not value:
        return ""
    timezone, months, pattern = _clock()
    if months is None or pattern not in (DAY_FIRST, MONTH_FIRST):
        return f"{format_datetime(value, wib_pattern(seconds))} WIB"
    local = (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).astimezone(timezone)
    month = months[local.month]
    day = f"{local.day} {month} {local.year:04d}" if pattern == DAY_FIRST else f"{month} {local.day}, {local.year:04d}"
    time = f"{local.hour:02d}:{local.minute:02d}" + (f":{local.second:02d}" if seconds else "")
    return f"{day} {time} WIB"


def format_minutes(minutes) -> str:
    """A duration read at a glance, in the reader's locale: "8 menit", "3 jam 5 menit", "2 hari 4 jam";
    "8 minutes", "3 hours 5 minutes", "2 days 4 hours"; "—" for None."""
    from flask_babel import get_locale

    if minutes is None:
        return "—"
    minutes = int(round(minutes))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        parts: list[tuple[int, Literal["day", "hour", "minute"]]] = [(days, "day"), (hours, "hour")]
    elif hours:
        parts = [(hours, "hour"), (mins, "minute")]
    else:
        parts = [(mins, "minute")]
    locale = str(get_locale() or "id")
    shown = [_amount(locale, amount, unit) for index, (amount, unit) in enumerate(parts) if amount or index == 0]
    return " ".join(shown)


@lru_cache(maxsize=4096)
def _amount(locale: str, amount: int, unit: Literal["day", "hour", "minute"]) -> str:
    """One unit of a duration, Babel's words for it in ``locale`` ("3 jam", "3 hours"), cached."""
    return format_timedelta(timedelta(**{f"{unit}s": amount}), granularity=unit, threshold=10**9, locale=locale)


def format_number(value, digits: int = 0) -> str:
    """A number in the reader's locale: "1.234,5" / "1,234.5"; "—" for None."""
    from flask_babel import format_decimal

    if value is None:
        return "—"
    return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0")


def format_percent(share, digits: int = 0) -> str:
    """A share (0.25) as a percentage in the reader's locale: "25%"; "—" for None."""
    from flask_babel import format_percent as babel_percent

    if share is None:
        return "—"
    return babel_percent(share, format=f"#,##0.{'0' * digits}%" if digits else "#,##0%")
