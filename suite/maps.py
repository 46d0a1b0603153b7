"""What every map page needs to know: the tile server and its attribution (settings), and where
the regency is. Templates read ``map_config`` and hand it to ``static/suite-map.js`` as data
attributes; no page embeds a script of its own (the CSP forbids inline scripts)."""

from __future__ import annotations

import json

from flask import Flask, current_app

from suite import reference
from suite.reference import boundary

# Pamekasan's centre: where a map opens before it fits the regency's outline.
DEFAULT_CENTER = (-7.1568, 113.4746)
DEFAULT_ZOOM = 11


def map_config() -> dict:
    config = current_app.config
    return {
        "tiles": config.get("MAP_TILE_URL", ""),
        "attribution": config.get("MAP_TILE_ATTRIBUTION", ""),
        "max_zoom": config.get("MAP_MAX_ZOOM", 19),
        "center": config.get("MAP_CENTER", DEFAULT_CENTER),
        "zoom": config.get("MAP_ZOOM", DEFAULT_ZOOM),
        # ((south, west), (north, east)) of the regency's outline (suite/reference/boundary.py).
        "bounds": boundary.bounds(),
    }


def outline_json() -> str:
    """The regency's outline as JSON [[[lat, lon], ...], ...], for a map to draw (a data attribute)."""
    return json.dumps(boundary.outline_latlng(), separators=(",", ":"))


def init_maps(app: Flask) -> None:
    app.context_processor(
        lambda: {"map_config": map_config, "map_outline": outline_json, "regency_name": reference.regency_name}
    )
