"""Staff hear of new, assigned and escalated tickets on the channels they chose (issue 12, item 3),
from the ticketing core's and the SLA sweep's signals. Only people who may work on the ticket
are told; the rules of who and how are in ``suite.notify.staff_preferences``."""

from __future__ import annotations

from functools import cache

from suite.extensions import db
from suite.identity.directory import supervisors_statement, with_parents
from suite.identity.models import Staff
from suite.notify.staff_preferences import chose_any_channel, tell_staff
from suite.ticketing import access, signals


def connect() -> None:
    signals.ticket_created.connect(_on_created, weak=False)
    signals.ticket_assigned.connect(_on_assigned, weak=False)
    signals.ticket_escalated.connect(_on_escalated, weak=False)


def _on_created(ticket, **_kwargs) -> None:
    # The supervisors of the agency holding it (and of those above it) whose modules include it.
    if ticket.agency is None:
        return
    # Only those with a choice stored for new tickets: nobody else gets a message, and asking
    # first spares the agency tree and the choices being read for nobody.
    agency_ids = list(with_parents(ticket.agency))
    chosen = list(db.session.execute(_new_ticket_watchers(), {"agency_ids": agency_ids}).scalars())
    people = [p for p in chosen if access.can_act(p, ticket)]
    tell_staff(people, "new_ticket", ticket)


@cache
def _new_ticket_watchers():
    """Supervisors with a choice stored for new tickets: built once, asked on every create."""
    return supervisors_statement(also=[chose_any_channel("new_ticket")])


def _on_assigned(ticket, staff=None, assignee=None, **_kwargs) -> None:
    # Taking a ticket oneself needs no message.
    if assignee is None or (staff is not None and staff.id == assignee.id):
        return
    tell_staff([assignee], "assigned", ticket)


def _on_escalated(ticket, target: str = "", label: str = "", staff_ids=(), **_kwargs) -> None:
    # The sweep holds these staff in the session (it told them in the app): ``get`` finds them there
    # without a query per escalated ticket.
    people = [person for person in (db.session.get(Staff, staff_id) for staff_id in staff_ids) if person is not None]
    tell_staff([p for p in people if access.can_act(p, ticket)], "escalated", ticket, target=label)
