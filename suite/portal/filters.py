from flask import Flask
from flask_babel import format_datetime

from suite import reference
from suite.ticketing.lifecycle import STATUS_LABELS


def register_filters(app: Flask) -> None:
    @app.template_filter("wib")
    def wib(value, fmt="d MMM yyyy HH:mm"):
        # Babel's timezone setting is Asia/Jakarta: stored UTC is shown in WIB.
        return f"{format_datetime(value, fmt)} WIB" if value else ""

    @app.template_filter("status_label")
    def status_label(value):
        return STATUS_LABELS.get(value, value)

    @app.template_filter("region")
    def region(value):
        return reference.region_label(value)
