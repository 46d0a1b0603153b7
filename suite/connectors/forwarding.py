"""Forwarding a ticket to an outside complaint system: one staff verb, one outbox message.

The message, the reference that will hold the remote's id, and an internal timeline event are
written in the staff member's transaction; the outbox worker delivers it
(``suite.connectors.delivery``) and keeps trying until the remote answers or refuses for good.
"""

from __future__ import annotations

import json
import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.connectors.mapping import build_payload
from suite.connectors.models import ConnectorEndpoint, ExternalReference
from suite.errors import Conflict, Invalid
from suite.extensions import db
from suite.identity.models import Staff
from suite.notify.models import OutboxMessage
from suite.registry import get_module
from suite.ticketing import lifecycle
from suite.ticketing.models import Ticket
from suite.ticketing.services import locked_for_staff
from suite.ticketing.timeline import record

OUTBOX_KIND = "connector"
REASON_MAX = 1000


def stays_inside(ticket: Ticket) -> bool:
    """Health tickets (a sensitive ticket, a sensitive module, a care tree) never leave the suite."""
    module = get_module(ticket.module)
    return bool(ticket.sensitive or (module is not None and (module.sensitive or module.care_root)))


def may_forward(ticket: Ticket) -> bool:
    return ticket.status in lifecycle.OPEN_STATES and ticket.merged_into_id is None and not stays_inside(ticket)


def active_endpoints() -> list[ConnectorEndpoint]:
    return list(
        db.session.execute(
            select(ConnectorEndpoint).where(ConnectorEndpoint.active.is_(True)).order_by(ConnectorEndpoint.name)
        ).scalars()
    )


def references_of(ticket: Ticket) -> list[ExternalReference]:
    return list(
        db.session.execute(
            select(ExternalReference).where(ExternalReference.ticket_id == ticket.id).order_by(ExternalReference.id)
        ).scalars()
    )


def forward_outward(ticket_id: int, staff: Staff, endpoint_id: int | None, reason: str | None) -> ExternalReference:
    """Queue the ticket for ``endpoint_id``. Refuses health tickets, closed ones, an inactive
    endpoint and a second forward to the same endpoint; the caller commits."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_l("Tulis alasan penerusan."), {"reason": _l("Wajib diisi.")})
    if len(reason) > REASON_MAX:
        raise Invalid(_l("Alasan terlalu panjang."), {"reason": _l("Paling banyak 1000 karakter.")})
    ticket = locked_for_staff(ticket_id, staff)
    if stays_inside(ticket):
        raise Invalid(_l("Laporan kesehatan tidak pernah diteruskan ke sistem di luar layanan ini."))
    if not may_forward(ticket):
        raise Conflict(_l("Hanya laporan yang masih terbuka yang dapat diteruskan."))
    endpoint = db.session.get(ConnectorEndpoint, endpoint_id) if endpoint_id else None
    if endpoint is None or not endpoint.active:
        raise Invalid(_l("Pilih sistem tujuan yang aktif."), {"endpoint": _l("Pilih sistem tujuan yang aktif.")})
    already = db.session.execute(
        select(ExternalReference.id).where(
            ExternalReference.ticket_id == ticket.id, ExternalReference.endpoint_id == endpoint.id
        )
    ).first()
    if already is not None:
        raise Conflict(_l("Laporan ini sudah diteruskan ke %(name)s.", name=endpoint.name))
    key = uuid.uuid4().hex
    # The payload is fixed now: a retry sends exactly what the officer forwarded.
    payload = build_payload(ticket, endpoint.field_mapping or {}, key)
    message = OutboxMessage(
        channel=OUTBOX_KIND,
        recipient=endpoint.name,
        body=json.dumps(payload, ensure_ascii=False),
        ticket_id=ticket.id,
    )
    db.session.add(message)
    db.session.flush()
    reference = ExternalReference(
        ticket_id=ticket.id,
        endpoint_id=endpoint.id,
        outbox_message_id=message.id,
        idempotency_key=key,
        requested_by_staff_id=staff.id,
    )
    db.session.add(reference)
    record(ticket, "external_queued", staff=staff, public=False, body=f"{endpoint.name}: {reason}")
    return reference
