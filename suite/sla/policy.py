"""Which target applies to a ticket, and how a ticket stands against it.

Every figure here derives from the ticket's timeline (the first public response, the first
resolution) and the target rows; nothing is entered by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from suite.database import utcnow
from suite.extensions import db
from suite.sla import clock
from suite.sla.models import SlaTarget

RESPONSE_KINDS = ("public_reply",)  # internal notes never count as a response


@dataclass
class Standing:
    """How one ticket stands against its target."""

    responded: bool
    response_minutes: float  # until the first response, or until now when there is none yet
    band: str  # reward, normal, sanction, pending
    met_target: bool | None  # None while unanswered and still within the target
    target: SlaTarget


def target_for(module: str, category: str) -> SlaTarget:
    rows = db.session.execute(select(SlaTarget).where(
        or_(SlaTarget.module.is_(None), SlaTarget.module == module),
        or_(SlaTarget.category.is_(None), SlaTarget.category == category))).scalars().all()
    if not rows:
        return SlaTarget(module=None, category=None, first_response_minutes=2880, reward_minutes=10,
                         sanction_minutes=2880, verification_minutes=4320, resolution_minutes=7200,
                         calendar="calendar")
    return max(rows, key=lambda r: (r.module is not None, r.category is not None))


def is_response(event) -> bool:
    """A first response is a public text from staff: a reply, or a status change with a public note."""
    if event.actor_type != "staff" or not event.public:
        return False
    return event.kind in RESPONSE_KINDS or (event.kind == "status_changed" and bool(event.body))


def due_dates(target: SlaTarget, opened_at: datetime) -> tuple[datetime, datetime]:
    return (clock.add_minutes(opened_at, target.first_response_minutes, target.calendar),
            clock.add_minutes(opened_at, target.resolution_minutes, target.calendar))


def band_for(minutes: float, target: SlaTarget) -> str:
    if minutes <= target.reward_minutes:
        return "reward"
    if minutes > target.sanction_minutes:
        return "sanction"
    return "normal"


def standing(ticket, now: datetime | None = None, target: SlaTarget | None = None) -> Standing:
    target = target or target_for(ticket.module, ticket.category)
    now = now or utcnow()
    responded_at = ticket.first_response_at
    end = responded_at or now
    minutes = clock.elapsed_minutes(ticket.created_at, end, target.calendar)
    if responded_at:
        return Standing(True, minutes, band_for(minutes, target), minutes <= target.first_response_minutes, target)
    over = minutes > target.first_response_minutes
    band = "sanction" if minutes > target.sanction_minutes else "pending"
    return Standing(False, minutes, band, False if over else None, target)
