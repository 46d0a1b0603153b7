"""Who wrote: a sender is a known citizen when exactly one citizen account has that address."""

from __future__ import annotations

from sqlalchemy import func, select

from suite.extensions import db
from suite.identity.models import Citizen


def citizen_by_email(address: str | None) -> Citizen | None:
    """The one citizen whose email is ``address`` (case-insensitive); None if none or several."""
    address = (address or "").strip().lower()
    if not address:
        return None
    found = db.session.execute(select(Citizen).where(func.lower(Citizen.email) == address).limit(2)).scalars().all()
    return found[0] if len(found) == 1 else None


def may_write_about(address: str | None, ticket) -> bool:
    """Whether mail from ``address`` may add to ``ticket``: the ticket's citizen or reporter wrote it."""
    address = (address or "").strip().lower()
    if not address:
        return False
    known = {
        ((ticket.citizen.email if ticket.citizen else None) or "").strip().lower(),
        str((ticket.reporter or {}).get("email") or "").strip().lower(),
    }
    return address in known - {""}
