"""The outbox sender for forwarded tickets (outbox kind ``connector``).

The worker calls ``send_forward`` outside any write; it POSTs the payload fixed when the
officer forwarded, then records the remote's id and a public timeline event in a short write
of its own. A retry carries the same idempotency key, and a reference already marked sent is
never posted again (a worker that died after our write but before the outbox row was marked).
"""

from __future__ import annotations

import json

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from suite.connectors import client
from suite.connectors.forwarding import stays_inside
from suite.connectors.models import ConnectorEndpoint, ExternalReference
from suite.database import lock_row, utcnow, write_transaction
from suite.extensions import db
from suite.identity import protection
from suite.notify.models import OutboxMessage
from suite.notify.outbox import tell_citizen
from suite.notify.senders import DeliveryError
from suite.ticketing.models import Ticket
from suite.ticketing.timeline import record


def endpoint_token(endpoint: ConnectorEndpoint) -> str | None:
    return protection.decrypt(endpoint.token_encrypted) if endpoint.token_encrypted else None


def send_forward(message: OutboxMessage) -> str:
    reference = db.session.execute(
        select(ExternalReference).where(ExternalReference.outbox_message_id == message.id)
    ).scalar_one_or_none()
    if reference is None:
        raise DeliveryError("no external reference for this message", permanent=True)
    if reference.state == "sent" and reference.external_id:
        return reference.external_id
    if stays_inside(reference.ticket):
        # Re-classified into a health module while the forward waited (the remote was down):
        # health data never leaves the suite, whatever was asked before.
        error = DeliveryError("the ticket is a health ticket now", permanent=True)
        record_failure(reference.id, str(error))
        raise error
    endpoint = reference.endpoint
    if not endpoint.active:
        error = DeliveryError(f"endpoint {endpoint.name} is switched off", permanent=True)
        record_failure(reference.id, str(error))
        raise error
    try:
        payload = json.loads(message.body)
    except ValueError:
        raise DeliveryError("payload is not JSON", permanent=True) from None
    base_url, token = endpoint.base_url, endpoint_token(endpoint)
    key, reference_id = reference.idempotency_key, reference.id
    try:
        remote_id, remote_status = client.post_report(base_url, token, payload, key)
    except DeliveryError as error:
        if error.permanent:
            record_failure(reference_id, str(error))
        raise
    record_sent(reference_id, remote_id, remote_status)
    return remote_id


def record_sent(reference_id: int, remote_id: str, remote_status: str | None) -> None:
    """The remote's id and a public timeline event with it, once however often this is called."""
    with write_transaction():
        reference = lock_row(ExternalReference, reference_id)
        if reference is None or reference.state == "sent":
            return
        reference.state, reference.external_id, reference.remote_status = "sent", remote_id, remote_status
        reference.sent_at, reference.last_error = utcnow(), None
        ticket = lock_row(Ticket, reference.ticket_id)
        name = reference.endpoint.name
        record(ticket, "external_sent", public=True, body=f"{name}: {remote_id}")
        with force_locale("id"):
            text = _(
                "Laporan %(code)s diteruskan ke %(name)s dengan nomor %(number)s.",
                code=ticket.code,
                name=name,
                number=remote_id,
            )
        tell_citizen(ticket, text, "external_sent")


def record_failure(reference_id: int, error: str) -> None:
    """A refusal that will not get better by itself: visible to staff, an admin may send it again."""
    with write_transaction():
        reference = lock_row(ExternalReference, reference_id)
        if reference is None or reference.state == "sent":
            return
        reference.state, reference.last_error = "failed", error[:2000]
        ticket = lock_row(Ticket, reference.ticket_id)
        record(ticket, "external_failed", public=False, body=f"{reference.endpoint.name}: {error[:300]}")
