"""The SLA follows the ticketing core through its signals: a new ticket gets its deadlines here."""

from __future__ import annotations

from suite.sla import clock, policy
from suite.sla.models import MINUTES_PER_DAY
from suite.ticketing import signals


def connect() -> None:
    # Before the ticket's INSERT, so the deadlines are part of it (issue 13).
    signals.ticket_opening.connect(_set_deadlines, weak=False)
    # A re-classified ticket (issue 11, item 6) is held to the rules of what it is now, counted from
    # when it opened: a misfiled report neither gains nor loses the time it already waited.
    signals.ticket_reclassified.connect(_set_deadlines, weak=False)
    signals.information_extended.connect(_extend_resolution, weak=False)


def _set_deadlines(ticket, **_kwargs) -> None:
    # From the target that applies when the ticket opens (or is re-classified); a later admin edit
    # of the target never moves a deadline already promised.
    policy.due_dates(policy.target_for_ticket(ticket), ticket.created_at).apply(ticket)


def _extend_resolution(ticket, working_days: int = 0, **_kwargs) -> None:
    # UU 14/2008 Pasal 22 ayat 8: the extension runs on from the 10th working day, counted in working days.
    if ticket.resolution_due_at is not None:
        ticket.resolution_due_at = clock.add_minutes(
            ticket.resolution_due_at, working_days * MINUTES_PER_DAY, "working_days"
        )
