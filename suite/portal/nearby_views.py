"""GET /layanan/<module>/sekitar: the open public reports near the citizen's pin, as JSON for the
intake map (static/report-map.js). Signed-in citizens only, like the form that asks: the list is
public data, but a signed-in caller is one the rate limits and the logs can tell apart."""

from __future__ import annotations

import math

from flask import Blueprint, jsonify, request, url_for
from flask_babel import gettext as _

from suite.identity.auth import citizen_required
from suite.privacy.redaction import redact_nik
from suite.security.limits import limit_nearby
from suite.ticketing.lifecycle import STATUS_LABELS
from suite.ticketing.nearby import open_reports_near, radius_metres
from suite.ticketing.public_location import public_point
from suite.ticketing.titles import shown_title


def add_nearby_route(blueprint: Blueprint, module) -> None:
    @citizen_required
    def nearby():
        latitude, longitude = _number("lat"), _number("lon")
        if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return jsonify({"message": _("Titik lokasi tidak valid."), "errors": {"latitude": _("Wajib diisi.")}}), 422
        category = request.args.get("kategori") or None
        if category is not None and module.category(category) is None:
            category = None  # an unknown category narrows nothing rather than failing the map
        found = open_reports_near(module.code, category, latitude, longitude)
        response = jsonify(
            {
                "radius_metres": radius_metres(),
                "reports": [
                    {
                        "code": item.ticket.code,
                        "title": redact_nik(shown_title(item.ticket)),
                        "category": item.ticket.category,
                        "status": item.ticket.status,
                        "status_label": str(STATUS_LABELS.get(item.ticket.status, item.ticket.status)),
                        "created_at": item.ticket.created_at.isoformat(),
                        "supporters": item.supporters,
                        "point": public_point(item.ticket),
                        "url": url_for("portal.status", code=item.ticket.code),
                        "support_url": url_for("portal.support_ticket", code=item.ticket.code),
                    }
                    for item in found
                ],
            }
        )
        response.headers["Cache-Control"] = "private, no-store"
        return response

    blueprint.add_url_rule("/sekitar", "nearby", limit_nearby(nearby))


def _number(name: str) -> float | None:
    try:
        value = float(request.args.get(name, ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None
