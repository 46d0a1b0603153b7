from datetime import datetime

from flask import Flask, request
from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l

from suite import menu, reference
from suite.i18n import format_minutes, format_number, format_percent, wib_datetime, wib_pattern
from suite.privacy.redaction import redact_nik
from suite.registry import get_module
from suite.sla.wording import reward_statement
from suite.ticketing import information, information_grounds, kinds, lifecycle, repair
from suite.ticketing.lifecycle import OPEN_STATES, STATUS_LABELS
from suite.ticketing.nearby import supporter_count
from suite.ticketing.titles import shown_title

# How a ticket came in (``Ticket.channel``), as staff read it.
CHANNEL_LABELS = {
    "web": _l("situs web"),
    "kiosk": _l("kios layanan"),
    "api": _l("API mitra"),
    "open311": _l("Open311"),
    "phone": _l("telepon (call center)"),
    "sms": _l("SMS"),
    "whatsapp": _l("WhatsApp"),
    "email": _l("email"),
    "staff": _l("dicatat petugas"),
}


def register_filters(app: Flask) -> None:
    @app.template_filter("wib")
    def wib(value, fmt=None, seconds=False):
        """A stored (UTC) moment in WIB, in the reader's locale; ``fmt`` a Babel pattern of its own."""
        if not value:
            return ""
        if fmt is None and isinstance(value, datetime):
            return wib_datetime(value, seconds=seconds)
        # Babel's timezone setting is Asia/Jakarta: stored UTC is shown in WIB.
        return f"{format_datetime(value, fmt or wib_pattern(seconds))} WIB"

    @app.template_filter("number")
    def number(value, digits=0):
        return format_number(value, digits)

    @app.template_filter("percent")
    def percent(share, digits=0):
        return format_percent(share, digits)

    @app.template_filter("status_label")
    def status_label(value):
        return STATUS_LABELS.get(value, value)

    @app.template_filter("ticket_title")
    def ticket_title(ticket):
        """The title in the reader's language when the system made it from the category."""
        return shown_title(ticket)

    @app.template_filter("event_body")
    def event_body(event):
        """A timeline event's text. The system writes its notes from the catalogue in Indonesian
        ("Ditutup otomatis: ..."): they are read in the reader's language; what a person wrote stays."""
        body = event.body or ""
        return gettext(body) if body and event.actor_type == "system" else body

    @app.template_filter("channel_label")
    def channel_label(value):
        return CHANNEL_LABELS.get(value, value)

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
