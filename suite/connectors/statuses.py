"""Recording a remote status on a forwarded ticket: shared by the pull and the webhook."""

from __future__ import annotations

from suite.connectors.mapping import public_wording
from suite.connectors.models import ConnectorEndpoint, ExternalReference
from suite.database import lock_row, utcnow, write_transaction
from suite.extensions import db
from suite.ticketing.models import Ticket
from suite.ticketing.timeline import record


def record_remote_status(reference_id: int, status: str | None) -> bool:
    """Note that the reference was read; if ``status`` is new, keep it and add one public timeline
    event in the admin's words. True when it changed. The row lock makes two callers at once (a
    pull and a webhook) write the event once."""
    with write_transaction():
        reference = lock_row(ExternalReference, reference_id)
        if reference is None:
            return False
        reference.last_pulled_at = utcnow()
        if status is None or status == reference.remote_status:
            return False
        reference.remote_status = status
        endpoint = db.session.get_one(ConnectorEndpoint, reference.endpoint_id)
        ticket = lock_row(Ticket, reference.ticket_id)
        wording = public_wording(endpoint.status_mapping or {}, endpoint.name, status)
        record(ticket, "external_status", public=True, body=wording)
        return True
