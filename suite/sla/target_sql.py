"""``policy.target_for`` as SQL: a ticket's target minutes as a column, for set-based statements.

The sweep asks for the targets of thousands of tickets at once; one correlated sub-select over the
few target rows replaces a look-up per ticket. The order is ``target_for``'s: a row for the ticket's
kind first, then module, then category (rows in id order break a tie, as ``max`` keeps the first).
"""

from __future__ import annotations

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from suite.sla.models import SlaTarget
from suite.sla.policy import FALLBACK_TARGET
from suite.ticketing.models import Ticket


def target_minutes(name: str) -> ColumnElement[int]:
    """The ticket's ``name`` (e.g. ``resolution_minutes``) under its most specific target."""
    row = aliased(SlaTarget)
    chosen = (
        select(getattr(row, name))
        .where(
            or_(row.module.is_(None), row.module == Ticket.module),
            or_(row.category.is_(None), row.category == Ticket.category),
            or_(row.kind.is_(None), row.kind == func.coalesce(Ticket.kind, "complaint")),
        )
        # false sorts before true: rows that name the kind, the module, the category come first
        .order_by(row.kind.is_(None), row.module.is_(None), row.category.is_(None), row.id)
        .limit(1)
        .correlate(Ticket)
        .scalar_subquery()
    )
    return func.coalesce(chosen, literal(FALLBACK_TARGET[name]))
