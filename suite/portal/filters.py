from datetime import UTC, datetime

from flask import Flask, has_request_context, request
from flask_babel import format_datetime, get_locale, get_timezone

from suite import reference
from suite.registry import get_module
from suite.sla.wording import format_minutes, reward_statement
from suite.ticketing import information, information_grounds, kinds, lifecycle, repair
from suite.ticketing.lifecycle import OPEN_STATES, STATUS_LABELS
from suite.ticketing.nearby import supporter_count

# The pattern nearly every list cell uses, written out by hand from the same locale data: Babel's
# format_datetime looks the locale and timezone up and parses the pattern on each call, a fifth of
# a 50-row staff queue's time (issue 13). tests/test_wib_filter.py holds the two in step.
SHORT_PATTERN = "d MMM yyyy HH:mm"


def _clock():
    """(timezone, abbreviated month names) of this request's locale, looked up once per request
    (Flask-Babel also keeps a request's locale and timezone once looked up)."""
    # Kept on the request, not ``g``: an app context (and its ``g``) may outlive one request.
    cached = getattr(request, "_suite_wib_clock", None) if has_request_context() else None
    if cached is None:
        locale = get_locale()
        cached = (get_timezone(), locale.months["format"]["abbreviated"] if locale is not None else None)
        if has_request_context():
            setattr(request, "_suite_wib_clock", cached)  # noqa: B010 (an attribute Request does not declare)
    return cached


def short_datetime(value: datetime) -> str:
    """``format_datetime(value, SHORT_PATTERN)`` (a naive value is UTC, as Babel takes it)."""
    timezone, months = _clock()
    if months is None:
        return format_datetime(value, SHORT_PATTERN)
    local = (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).astimezone(timezone)
    return f"{local.day} {months[local.month]} {local.year:04d} {local.hour:02d}:{local.minute:02d}"


def register_filters(app: Flask) -> None:
    @app.template_filter("wib")
    def wib(value, fmt=SHORT_PATTERN):
        # Babel's timezone setting is Asia/Jakarta: stored UTC is shown in WIB.
        if not value:
            return ""
        if fmt == SHORT_PATTERN and isinstance(value, datetime):
            return f"{short_datetime(value)} WIB"
        return f"{format_datetime(value, fmt)} WIB"

    @app.template_filter("status_label")
    def status_label(value):
        return STATUS_LABELS.get(value, value)

    @app.template_filter("kind_label")
    def kind_label(value):
        return kinds.label(value)

    @app.template_filter("kind_help")
    def kind_help(value):
        return kinds.EXPLANATIONS.get(value, "")

    @app.template_filter("information_outcome")
    def information_outcome(value):
        return information.OUTCOME_LABELS.get(value, value)

    @app.template_filter("information_ground")
    def information_ground(value):
        return information_grounds.describe(value)

    @app.template_filter("ticket_status")
    def ticket_status(ticket):
        """The state in the module's public wording, with the repair plan's detail."""
        return repair.describe(ticket, get_module(ticket.module))

    @app.template_filter("event_status")
    def event_status(event):
        """The state a timeline event moved to, in its module's wording."""
        return repair.status_name(event.to_status, get_module(event.ticket.module))

    @app.template_filter("photo_purpose")
    def photo_purpose(value):
        return repair.PHOTO_PURPOSES.get(value, value)

    # Templates ask "is it still open?" with the lifecycle's own lists, never a copy of them.
    app.jinja_env.globals.update(
        open_states=lifecycle.OPEN_STATES,
        finished_states=lifecycle.FINISHED_STATES,
        terminal_states=lifecycle.TERMINAL_STATES,
    )

    @app.template_filter("duration")
    def duration(minutes):
        return format_minutes(minutes)

    # The reward band and whether it was met, as the first-answer message says it (issue 14).
    app.jinja_env.globals.update(reward_statement=reward_statement)

    @app.template_filter("supporters")
    def supporters(ticket):
        """Citizens who support the report instead of filing it again (issue 11)."""
        return supporter_count(ticket)

    @app.template_filter("is_open")
    def is_open(status):
        return status in OPEN_STATES

    @app.template_filter("region")
    def region(value):
        return reference.region_label(value)

    @app.template_filter("classification")
    def classification(value):
        return classification_label(value)


def classification_label(value) -> str:
    """``{"module", "category"}`` (a re-classification event's detail) as people name it:
    "e-Madul · Sampah dan lingkungan"; the codes when the module is not enabled any more."""
    value = value or {}
    module = get_module(value.get("module") or "")
    if module is None:
        return " · ".join(str(part) for part in (value.get("module"), value.get("category")) if part)
    category = module.category(value.get("category") or "", include_inactive=True)
    return f"{module.name} · {category.label if category else value.get('category')}"
