"""The SLA follows the ticketing core through its signals: a new ticket gets its deadlines here."""

from __future__ import annotations

from suite.sla import policy
from suite.ticketing import signals


def connect() -> None:
    signals.ticket_created.connect(_set_deadlines, weak=False)
    # A re-classified ticket (issue 11, item 6) is held to the rules of what it is now, counted from
    # when it opened: a misfiled report neither gains nor loses the time it already waited.
    signals.ticket_reclassified.connect(_set_deadlines, weak=False)


def _set_deadlines(ticket, **_kwargs) -> None:
    # From the target that applies when the ticket opens (or is re-classified); a later admin edit
    # of the target never moves a deadline already promised.
    policy.due_dates(policy.target_for(ticket.module, ticket.category), ticket.created_at).apply(ticket)
