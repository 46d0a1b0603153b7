"""The public map of reports (issue 11, item 4): ``/peta``, a page anyone may open without
signing in, and the GeoJSON it is drawn from.

The page is a filter form and a table of the same reports, paged: it works without JavaScript or
map tiles. Where scripts run, ``static/public-map.js`` draws the reports on a map from
``/peta/laporan.geojson`` (same filters, keyset pages the script follows by their ``next`` link).
Which tickets appear and where is decided by ``suite.ticketing.public_map`` and
``public_location``; this file only turns them into a page and GeoJSON.

Cache-Control stays ``no-store`` (the security headers' default): a status changes at any time,
and a stale map would show a repaired road as broken; the query is cheap enough not to need a cache.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request, url_for
from flask_babel import format_date

from suite import reference
from suite.errors import Invalid
from suite.portal.views import blueprint
from suite.privacy.redaction import redact_nik
from suite.registry import get_module
from suite.ticketing import lifecycle, public_map
from suite.ticketing.models import Ticket
from suite.ticketing.public_location import public_point
from suite.ticketing.titles import shown_title

TABLE_PAGE = 50
GEOJSON_PAGE, GEOJSON_MAX = 500, 1000


@blueprint.app_template_global("public_point")
def _public_point(ticket: Ticket):
    """For the status page's small map: the point the public may see, or None."""
    return public_point(ticket)


@blueprint.route("/peta")
def public_map_page():
    try:
        filters = public_map.parse_filters(request.args)
        # The table's page size is the page's own; only the keyset cursor comes from the URL.
        before, _limit = public_map.parse_paging(
            {public_map.BEFORE: request.args.get(public_map.BEFORE, "")}, TABLE_PAGE, TABLE_PAGE
        )
        page = public_map.map_page(filters, before, TABLE_PAGE)
    except Invalid as error:
        return _render(None, None, error), 422
    return _render(filters, page, None)


@blueprint.route("/peta/laporan.geojson")
def public_map_geojson():
    try:
        filters = public_map.parse_filters(request.args)
        before, limit = public_map.parse_paging(request.args, GEOJSON_PAGE, GEOJSON_MAX)
        page = public_map.map_page(filters, before, limit)
    except Invalid as error:
        response = jsonify(message=str(error.message), errors={key: str(value) for key, value in error.errors.items()})
        return response, 422
    features = [feature for feature in map(_feature, page.tickets) if feature is not None]
    next_url = None
    if page.next_before is not None:
        next_url = _url(
            ".public_map_geojson", filters.query_args(), {public_map.BEFORE: page.next_before, public_map.LIMIT: limit}
        )
    response = jsonify(type="FeatureCollection", features=features, next=next_url)
    response.mimetype = "application/geo+json"
    return response


def _render(filters: public_map.MapFilters | None, page: public_map.MapPage | None, error: Invalid | None):
    rows = [feature for feature in map(_feature, page.tickets) if feature is not None] if page else []
    query = filters.query_args() if filters else {}
    next_url = None
    if page and page.next_before is not None:
        next_url = _url(".public_map_page", query, {public_map.BEFORE: page.next_before})
    return render_template(
        "portal/map.html",
        args=request.args,
        error=error,
        rows=rows,
        next_url=next_url,
        first_url=_url(".public_map_page", query) if request.args.get(public_map.BEFORE) else None,
        source_url=_url(".public_map_geojson", query) if filters else None,
        modules=public_map.public_modules(),
        statuses=public_map.status_choices(),
        kecamatan=sorted(reference.kecamatan_list(), key=lambda region: region.name),
        parameters=public_map.PARAMETERS,
    )


def _url(endpoint: str, *parts: dict[str, Any]) -> str:
    values: dict[str, Any] = {}
    for part in parts:
        values.update(part)
    return url_for(endpoint, **values)


def _feature(ticket: Ticket) -> dict | None:
    """One report as a GeoJSON feature: where (rounded) and what, never who or their words."""
    point = public_point(ticket)  # the one rounding rule; None would mean the SQL rule let it through
    if point is None or not public_map.is_shown(ticket):
        return None
    module = get_module(ticket.module)
    category = module.category(ticket.category, include_inactive=True) if module else None
    return {
        "type": "Feature",
        "id": ticket.code,
        "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},  # GeoJSON: longitude first
        "properties": {
            "code": ticket.code,
            "url": url_for(".status", code=ticket.code),
            "module": ticket.module,
            "module_name": str(module.name) if module else ticket.module,
            "category": ticket.category,
            "category_label": str(category.label) if category else ticket.category,
            # The title the status page shows (category and road name), redacted at intake; once more
            # here because a public page is where a NIK must never appear.
            "title": redact_nik(shown_title(ticket)),
            "status": ticket.status,
            "status_label": str(public_map.status_choices().get(ticket.status, ticket.status)),
            "open": ticket.status in lifecycle.OPEN_STATES,
            "kecamatan": reference.region_label(ticket.kecamatan_code) if ticket.kecamatan_code else None,
            "date": format_date(ticket.created_at, "yyyy-MM-dd"),  # the day in WIB (Babel's time zone)
            "date_label": format_date(ticket.created_at),  # the locale's medium date, as the pages write it
        },
    }
