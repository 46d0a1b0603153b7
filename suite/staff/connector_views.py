"""Forwarding a ticket to SP4N-LAPOR! or another outside system (issue 11, item 10).

The ticket page includes ``staff/_outward.html``, which reads ``outward(ticket)`` (given to the
staff pages' templates below) for the systems on offer and the ticket's forwards so far.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.connectors.forwarding import active_endpoints, forward_outward, may_forward, references_of
from suite.connectors.models import ConnectorEndpoint, ExternalReference
from suite.identity.auth import staff_required
from suite.staff.views import _actionable_ticket, _render_ticket, _visible_ticket, attempt, blueprint
from suite.ticketing import access
from suite.ticketing.models import Ticket
from suite.web_errors import status_for


@dataclass
class OutwardPanel:
    endpoints: list[ConnectorEndpoint]  # where this ticket may still go
    references: list[ExternalReference]  # where it went, with their state


@blueprint.app_context_processor
def _outward_helper():
    return {"outward": outward}


def outward(ticket: Ticket) -> OutwardPanel:
    references = references_of(ticket)
    used = {r.endpoint_id for r in references}
    can = current_user.is_authenticated and access.can_act(current_user, ticket) and may_forward(ticket)
    endpoints = [e for e in active_endpoints() if e.id not in used] if can else []
    return OutwardPanel(endpoints=endpoints, references=references)


@blueprint.route("/tiket/<code>/teruskan-keluar", methods=["POST"])
@staff_required()
def forward_outward_view(code: str):
    item = _actionable_ticket(code)
    endpoint_id = request.form.get("endpoint", "")
    reason, ticket_id = request.form.get("reason", ""), item.id
    sent_to: list[str] = []

    def forward():
        reference = forward_outward(
            ticket_id, current_user, int(endpoint_id) if _is_row_id(endpoint_id) else None, reason
        )
        sent_to.append(reference.endpoint.name)

    error = attempt(forward)
    if error is not None:
        return _render_ticket(_visible_ticket(code)), status_for(error)
    flash(_("Laporan masuk antrean kirim ke %(name)s.", name=sent_to[0]), "success")
    return redirect(url_for(".ticket", code=item.code))


def _is_row_id(value: str) -> bool:
    # A number the database can hold: a longer one would overflow the query, not merely find nothing.
    return value.isdigit() and len(value) <= 9
