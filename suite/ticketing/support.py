"""A citizen supports an open report instead of filing the same one again (issue 11).

A supporter follows the ticket (the notifications followers get today) and is counted once,
however often they press the button. Supporting one's own report, a closed one, or one the public
cannot see is refused.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.database import lock_row
from suite.errors import Invalid, NotFound
from suite.extensions import db
from suite.identity.models import Citizen
from suite.ticketing import lifecycle
from suite.ticketing.models import Follower, Ticket
from suite.ticketing.public_location import point_is_public


def support(ticket_id: int, citizen: Citizen) -> bool:
    """Record the support; True when it is new, False when the citizen supported it before."""
    ticket = lock_row(Ticket, ticket_id)  # serialises two presses so the count stays one
    if ticket is None or ticket.merged_into_id is not None or not point_is_public(ticket):
        raise NotFound(_l("Laporan tidak ditemukan."))
    if ticket.citizen_id == citizen.id:
        raise Invalid(_l("Ini laporan Anda sendiri; dukungan hanya untuk laporan warga lain."))
    if ticket.status not in lifecycle.OPEN_STATES:
        raise Invalid(_l("Laporan ini sudah tidak ditangani lagi; buat laporan baru bila masalahnya masih ada."))
    follower = db.session.execute(
        select(Follower).where(Follower.ticket_id == ticket.id, Follower.citizen_id == citizen.id)
    ).scalar_one_or_none()
    if follower is None:
        db.session.add(Follower(ticket_id=ticket.id, citizen_id=citizen.id, supported=True))
    elif follower.supported:
        return False
    else:
        follower.supported = True
    db.session.flush()
    return True


def follower_ids(ticket: Ticket) -> set[int]:
    """Citizens who follow the ticket (supporters included)."""
    return set(db.session.execute(select(Follower.citizen_id).where(Follower.ticket_id == ticket.id)).scalars())
