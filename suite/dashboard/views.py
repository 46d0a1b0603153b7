"""Public transparency pages (issue 12, items 7 and 11): the dashboard at ``/statistik``, each of its
tables as CSV, and the agency ranking at ``/statistik/instansi`` (no officer names).

Every figure comes from the monthly summary (``suite.dashboard.figures``), never from a scan of the
tickets: a public page must not be able to hold a worker for seconds. The e-Lorong map is the public
map's own GeoJSON, drawn where JavaScript runs; without it the page links to the map's table.
"""

from __future__ import annotations

from datetime import datetime

from babel.numbers import get_group_symbol
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale

from suite.dashboard import figures
from suite.dashboard.filters import PARAMETERS, Filters, parse_filters, shown_modules
from suite.errors import Invalid
from suite.input_dates import window
from suite.sla.clock import WIB
from suite.ticketing import public_map

blueprint = Blueprint("dashboard", __name__, url_prefix="/statistik")

TABLES = ("bulan", "tepat-waktu", "waktu-tanggapan", "layanan", "kategori", "kecamatan", "instansi")
MAP_MODULE = "lorong"  # the e-Lorong map (issue 12, item 7)


@blueprint.context_processor
def _formatting():
    # A page holds hundreds of numbers: the locale's digit grouping is looked up once, not per
    # number (Babel's formatter costs ~0.1 ms a call, a third of the page's time).
    group = get_group_symbol(get_locale())

    def number(value) -> str:
        return "—" if value is None else f"{value:,}".replace(",", group)

    def percent(value) -> str:
        return "—" if value is None else f"{value * 100:,.0f}%".replace(",", group)

    return {"stat_number": number, "stat_percent": percent}


@blueprint.route("", strict_slashes=False)
def overview():
    try:
        filters = parse_filters(request.args)
    except Invalid as error:
        return _page("dashboard/overview.html", None, error), 422
    return _page(
        "dashboard/overview.html", filters, None, board=figures.dashboard(filters), map_period=_map_period(filters)
    )


@blueprint.route("/<table>.csv")
def table_csv(table: str):
    if table not in TABLES:
        abort(404)
    try:
        filters = parse_filters(request.args)
    except Invalid as error:
        lines = [str(error.message), *(f"{param}: {message}" for param, message in error.errors.items())]
        return Response("\n".join(lines) + "\n", status=422, mimetype="text/plain")
    chosen = figures.agency_ranking(filters) if table == "instansi" else figures.dashboard(filters).tables[table]
    period = f"{filters.query_args()[PARAMETERS['start']]}-{filters.query_args()[PARAMETERS['end']]}"
    module = f"-{filters.module}" if filters.module else ""
    return Response(
        chosen.csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=statistik-{table}{module}-{period}.csv"},
    )


@blueprint.route("/instansi")
def agency_ranking():
    try:
        filters = parse_filters(request.args)
    except Invalid as error:
        return _page("dashboard/ranking.html", None, error), 422
    return _page(
        "dashboard/ranking.html",
        filters,
        None,
        ranking=figures.agency_ranking(filters),
        refreshed_at=figures.refreshed_at(),
    )


def _map_period(filters: Filters) -> dict[str, str] | None:
    """The public map's filters for the e-Lorong reports of the period (up to today), or None when
    the map has nothing to add (another module chosen, e-Lorong off, a period still to come)."""
    if MAP_MODULE not in shown_modules() or filters.module not in (None, MAP_MODULE):
        return None
    earliest, _latest = window()  # the map refuses dates outside the suite's window
    first = max(filters.first_month, earliest)
    last = min(filters.last_day, datetime.now(WIB).date())
    if first > last:
        return None
    names = public_map.PARAMETERS
    return {
        names["module"]: MAP_MODULE,
        names["start"]: first.isoformat(),
        names["end"]: last.isoformat(),
    }


def _page(template: str, filters: Filters | None, error: Invalid | None, **context):
    return render_template(
        template,
        filters=filters,
        error=error,
        args=request.args,
        parameters=PARAMETERS,
        modules=shown_modules(),
        map_module=MAP_MODULE,
        **context,
    )
