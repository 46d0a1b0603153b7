"""The one place a ticket's status changes.

Staff moving a ticket, a citizen reopening it, a merge closing a duplicate and the sweep closing
a resolved ticket all come here: the lifecycle table is checked, the timeline event recorded and
``status_changed`` sent, so that notifications, the SLA figures and the audit see every move the
same way. ``tests/status_guard.py`` fails any test in which ``Ticket.status`` changed elsewhere.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from suite.identity.models import Citizen, Staff
from suite.registry import get_module
from suite.ticketing import lifecycle, repair, signals
from suite.ticketing.models import Ticket, TicketEvent
from suite.ticketing.timeline import record

_moving: ContextVar[bool] = ContextVar("ticket_status_moving", default=False)


def move(
    ticket: Ticket,
    target: str,
    *,
    verb: str = lifecycle.STAFF,
    kind: str = "status_changed",
    staff: Staff | None = None,
    citizen: Citizen | None = None,
    body: str | None = None,
) -> TicketEvent:
    """Move a locked ticket to ``target`` as ``verb`` allows; return the public timeline event.

    ``kind`` names the event (``reopened``, ``merged``); ``body`` is its public text. Leaving
    "resolved" for an open state clears the resolution time (the ticket is not resolved any more).
    Workflow states are open to staff only in modules that opt in to them, and a module that
    promises an after-repair photo cannot resolve without one (issue 11, item 5).
    """
    previous = ticket.status
    module = get_module(ticket.module)
    lifecycle.check_transition(previous, target, body, verb, module.workflow_states if module else ())
    if target == lifecycle.RESOLVED:
        repair.check_resolution(ticket, module)
    with _status_move():
        ticket.status = target
    if previous == lifecycle.RESOLVED and target in lifecycle.OPEN_STATES:
        ticket.resolved_at = None
    event = record(
        ticket,
        kind,
        staff=staff,
        citizen=citizen,
        public=True,
        from_status=previous,
        to_status=target,
        body=body,
    )
    signals.status_changed.send(ticket, previous=previous, event=event, staff=staff, citizen=citizen)
    return event


def moving() -> bool:
    """Whether the status is being written by ``move`` right now (read by the test guard)."""
    return _moving.get()


@contextmanager
def _status_move():
    token = _moving.set(True)
    try:
        yield
    finally:
        _moving.reset(token)
