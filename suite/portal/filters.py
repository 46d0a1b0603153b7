from datetime import UTC, datetime

from flask import Flask, has_request_context, request
from flask_babel import format_datetime, get_locale, get_timezone
from flask_babel import gettext as _

from suite import menu, reference
from suite.privacy.redaction import redact_nik
from suite.registry import get_module
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

    @app.template_global("menu_entries")
    def menu_entries():
        """The signed-in person's menu (suite.menu), only the pages they may open."""
        from flask import current_app
        from flask_login import current_user

        return menu.entries_for(current_user, current_app.view_functions)

    @app.template_global("files_not_kept")
    def files_not_kept(name: str) -> list[str]:
        """The names of the files chosen for input ``name`` in the POST this page answers. A page
        that answers a POST is a form shown again (a success redirects), and browsers never refill a
        file input: the person must be told to choose them again (issue 14, item 6)."""
        if request.method != "POST":
            return []
        return [redact_nik(f.filename)[:120] for f in request.files.getlist(name) if f and f.filename]

    @app.template_filter("duration")
    def duration(minutes):
        return format_minutes(minutes)

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


def format_minutes(minutes) -> str:
    """A duration a citizen reads at a glance: "8 menit", "3 jam 5 menit", "2 hari 4 jam"."""
    if minutes is None:
        return "—"
    minutes = int(round(minutes))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)s hari %(h)s jam", d=days, h=hours) if hours else _("%(d)s hari", d=days)
    if hours:
        return _("%(h)s jam %(m)s menit", h=hours, m=mins) if mins else _("%(h)s jam", h=hours)
    return _("%(m)s menit", m=mins)
