from flask import Flask
from flask_babel import format_datetime
from flask_babel import gettext as _

from suite import reference
from suite.ticketing.lifecycle import OPEN_STATES, STATUS_LABELS
from suite.ticketing.nearby import supporter_count


def register_filters(app: Flask) -> None:
    @app.template_filter("wib")
    def wib(value, fmt="d MMM yyyy HH:mm"):
        # Babel's timezone setting is Asia/Jakarta: stored UTC is shown in WIB.
        return f"{format_datetime(value, fmt)} WIB" if value else ""

    @app.template_filter("status_label")
    def status_label(value):
        return STATUS_LABELS.get(value, value)

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
