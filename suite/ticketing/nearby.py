"""Open reports near a point, for the citizen about to file one (FixMyStreet's "already reported?").

Only what the public may see: public, not anonymous, not health, not merged; the point rounded by
``public_location``. The distance is measured to that published point, never to the exact pin:
every answer then depends only on what the public map already shows, so a few dozen questions
("is there a report within 100 m of here?") cannot narrow a report down to the reporter's exact
spot. The search is exact (haversine) inside a cheap bounding box the indexes narrow first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, bindparam, func, select

from suite.extensions import db
from suite.ticketing import lifecycle
from suite.ticketing.models import Follower, Ticket
from suite.ticketing.public_location import DEFAULT_DECIMALS, public_point, public_point_conditions

DEFAULT_RADIUS_METRES = 100
EARTH_RADIUS_METRES = 6_371_000
_DEGREE_METRES = 111_320


def public_decimals() -> int:
    return int(current_app.config.get("PUBLIC_POINT_DECIMALS", DEFAULT_DECIMALS))


def rounding_slack_metres() -> float:
    """How far a published point may lie from the stored one: half a rounding cell's diagonal."""
    return 0.5 * 10 ** -public_decimals() * _DEGREE_METRES * math.sqrt(2)


def radius_metres() -> int:
    return int(current_app.config.get("NEARBY_RADIUS_METRES", DEFAULT_RADIUS_METRES))


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def box(latitude: float, longitude: float, metres: float):
    """A SQL condition for the box around the circle (a little larger: the circle is then exact)."""
    dlat = metres / _DEGREE_METRES * 1.01
    dlon = dlat / max(math.cos(math.radians(latitude)), 0.01)
    return and_(
        Ticket.latitude.between(latitude - dlat, latitude + dlat),
        Ticket.longitude.between(longitude - dlon, longitude + dlon),
    )


@dataclass(frozen=True)
class Nearby:
    ticket: Ticket
    supporters: int


def open_reports_near(
    module_code: str, category: str | None, latitude: float, longitude: float, limit: int = 10
) -> list[Nearby]:
    """Open public reports of the module (and category, when given) within the radius, nearest first."""
    metres = radius_metres()
    slack = rounding_slack_metres()
    conditions = [
        Ticket.module == module_code,
        Ticket.status.in_(lifecycle.OPEN_STATES),
        Ticket.merged_into_id.is_(None),
        *public_point_conditions(),
        box(latitude, longitude, metres + slack),
    ]
    if category:
        conditions.append(Ticket.category == category)
    rows = db.session.execute(select(Ticket).where(*conditions).limit(limit * 5)).scalars().all()
    published = [(public_point(t), t) for t in rows]
    close = sorted(
        ((distance_metres(latitude, longitude, *point), t) for point, t in published if point is not None),
        key=lambda pair: pair[0],
    )
    found = [t for distance, t in close if distance <= metres][:limit]
    counts = supporter_counts([t.id for t in found])
    return [Nearby(t, counts.get(t.id, 0)) for t in found]


# Built once (every public status page asks it; issue 13), the ids bound as an expanding list.
_SUPPORTERS = (
    select(Follower.ticket_id, func.count(Follower.id))
    .where(Follower.ticket_id.in_(bindparam("ids", expanding=True)), Follower.supported.is_(True))
    .group_by(Follower.ticket_id)
)


def supporter_counts(ticket_ids: list[int]) -> dict[int, int]:
    if not ticket_ids:
        return {}
    rows = db.session.execute(_SUPPORTERS, {"ids": list(ticket_ids)})
    return {ticket_id: count for ticket_id, count in rows}


def supporter_count(ticket: Ticket) -> int:
    return supporter_counts([ticket.id]).get(ticket.id, 0)
