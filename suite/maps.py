"""What every map page needs to know: the tile server and its attribution (settings), and where
the regency is. Templates read ``map_config`` and hand it to ``static/suite-map.js`` as data
attributes; no page embeds a script of its own (the CSP forbids inline scripts)."""

from __future__ import annotations

from flask import Flask, current_app

# Pamekasan's centre, used until the region pack ships a boundary to fit the map to.
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
    }


def init_maps(app: Flask) -> None:
    app.context_processor(lambda: {"map_config": map_config})
