"""Is a point inside the regency? The outline is the regency pack's ``boundary.geojson`` (Pamekasan's:
``packs/pamekasan/boundary.geojson``, its source in the README beside it).

Plain ray casting over a few dozen points: every ticket creation asks once, and a GIS library
would bring a native dependency for what twenty lines do. Coordinates are WGS84 degrees; over a
regency's width the plane approximation is exact enough (the outline itself is simplified).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from suite.reference import active_pack
from suite.reference.packs import BOUNDARY

Ring = list[tuple[float, float]]  # (longitude, latitude), as GeoJSON orders them


def polygons() -> list[list[Ring]]:
    """Each polygon as its outer ring followed by its holes."""
    return _polygons_in(active_pack().folder)


@lru_cache(maxsize=8)
def _polygons_in(folder: Path) -> list[list[Ring]]:
    with open(folder / BOUNDARY, encoding="utf-8") as handle:
        data = json.load(handle)
    features = data["features"] if data.get("type") == "FeatureCollection" else [data]
    result: list[list[Ring]] = []
    for feature in features:
        geometry = feature.get("geometry", feature)
        shapes = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for shape in shapes:
            result.append([[(float(x), float(y)) for x, y, *_ in ring] for ring in shape])
    return result


def contains(latitude: float, longitude: float) -> bool:
    """True when the point lies inside the regency's outline (inside a polygon, outside its holes)."""
    for outer, *holes in polygons():
        if _in_ring(longitude, latitude, outer) and not any(_in_ring(longitude, latitude, h) for h in holes):
            return True
    return False


def bounds() -> tuple[tuple[float, float], tuple[float, float]]:
    """((south, west), (north, east)): the box a map fits to show the whole regency."""
    points = [point for polygon in polygons() for point in polygon[0]]
    longitudes = [x for x, _ in points]
    latitudes = [y for _, y in points]
    return (min(latitudes), min(longitudes)), (max(latitudes), max(longitudes))


def outline_latlng() -> list[list[list[float]]]:
    """The outer rings as [latitude, longitude] pairs, the order Leaflet draws them in."""
    return [[[y, x] for x, y in polygon[0]] for polygon in polygons()]


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside
