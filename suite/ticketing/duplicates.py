"""Likely duplicates of a report about to be made, shown to the citizen before submitting.

Someone else's report is measured at its published point (``public_location``: rounded, and none
for anonymous, confidential or health reports, which then match by desa only), the citizen's own
at its exact one. The warning costs nothing to ask for (a refused form creates no ticket), so
measuring to others' exact pins would let anyone narrow a report down to the reporter's spot.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, or_, select

from suite.database import utcnow
from suite.extensions import db
from suite.privacy.redaction import redact_nik
from suite.ticketing import lifecycle
from suite.ticketing.models import Ticket
from suite.ticketing.nearby import box, distance_metres, radius_metres, rounding_slack_metres
from suite.ticketing.public_location import public_point

RECENT_DAYS = 30


def likely_duplicates(module_code: str, draft, citizen_id: int | None, limit: int = 5) -> list[Ticket]:
    """Open, recent tickets of the same module and category at the same place (same desa, or
    within ``NEARBY_RADIUS_METRES`` when both have a map point), and the citizen's own open tickets
    with the same text."""
    since = utcnow() - timedelta(days=RECENT_DAYS)
    base = [
        Ticket.module == module_code,
        Ticket.status.in_(lifecycle.OPEN_STATES),
        Ticket.merged_into_id.is_(None),
        Ticket.created_at >= since,
        # Someone else's confidential report is never shown, not even as a possible duplicate.
        or_(Ticket.visibility == "public", Ticket.citizen_id == citizen_id),
    ]
    place = []
    if draft.latitude is not None and draft.longitude is not None:
        # Wide enough for a published point away from the stored one.
        place.append(box(draft.latitude, draft.longitude, radius_metres() + rounding_slack_metres()))
    if draft.desa_code:
        place.append(Ticket.desa_code == draft.desa_code)
    conditions = []
    if place:
        conditions.append(and_(Ticket.category == draft.category, or_(*place)))
    text = redact_nik((draft.description or "").strip())  # as open_ticket stores it (issue 9)
    if citizen_id is not None and text:
        conditions.append(and_(Ticket.citizen_id == citizen_id, Ticket.description == text))
    if not conditions:
        return []
    rows = (
        db.session.execute(
            select(Ticket).where(*base, or_(*conditions)).order_by(Ticket.created_at.desc()).limit(limit * 4)
        )
        .scalars()
        .all()
    )
    return [t for t in rows if _close_enough(t, draft, citizen_id)][:limit]


def _close_enough(ticket: Ticket, draft, citizen_id) -> bool:
    same_text = ticket.description == redact_nik((draft.description or "").strip())  # as stored (issue 9)
    own = citizen_id is not None and ticket.citizen_id == citizen_id
    if own and same_text:
        return True
    point: tuple[float, float] | None = public_point(ticket)
    if own and ticket.latitude is not None and ticket.longitude is not None:
        point = (ticket.latitude, ticket.longitude)
    if draft.latitude is not None and draft.longitude is not None and point is not None:
        return distance_metres(draft.latitude, draft.longitude, *point) <= radius_metres()
    return bool(draft.desa_code) and ticket.desa_code == draft.desa_code
