"""A suggestion (aspirasi) is answered, not repaired: the answer is public and ends the ticket.

Honest by construction: the reply says what the regency does with the idea (noted, passed on to
planning, not possible and why); the ticket goes to "resolved" through the one status path, with no
pretence of a repair. Services flush, never commit.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.errors import Conflict, Invalid
from suite.identity.models import Staff
from suite.ticketing import kinds, lifecycle, transitions
from suite.ticketing.models import Ticket
from suite.ticketing.services import locked_for_staff


def answer_aspiration(ticket_id: int, staff: Staff, body: str) -> Ticket:
    """Answer an open suggestion publicly and resolve it. Raises ``Invalid`` without an answer,
    ``Conflict`` when the ticket is not an open suggestion."""
    body = (body or "").strip()
    if not body:
        message = _l("Tuliskan tanggapan atas aspirasi ini.")
        raise Invalid(message, {"body": message})
    ticket = locked_for_staff(ticket_id, staff)
    if ticket.kind != kinds.ASPIRATION:
        raise Conflict(_l("Tiket ini bukan aspirasi."))
    if ticket.status not in lifecycle.OPEN_STATES:
        raise Conflict(_l("Aspirasi ini sudah ditanggapi atau ditutup."))
    transitions.move(ticket, lifecycle.RESOLVED, verb=lifecycle.ANSWER, staff=staff, body=body)
    return ticket
