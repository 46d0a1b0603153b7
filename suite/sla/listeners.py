"""The SLA follows the ticketing core through its signals: a new ticket gets its deadlines here."""

from __future__ import annotations

from suite.sla import policy
from suite.ticketing import signals


def connect() -> None:
    signals.ticket_created.connect(_set_deadlines, weak=False)


def _set_deadlines(ticket, **_kwargs) -> None:
    # From the target that applies when the ticket opens; a later admin edit of the target never
    # moves a deadline already promised.
    policy.due_dates(policy.target_for(ticket.module, ticket.category), ticket.created_at).apply(ticket)
