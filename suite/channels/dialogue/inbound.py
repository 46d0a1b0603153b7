"""Every message is recorded once, by the gateway's message id, before anything else happens.

A gateway that retries (same id) finds the row and nothing is done twice: no second ticket,
no second reply. Handling is therefore at most once per id: a crash half-way leaves the row
with outcome ``received`` for an operator to look at (a ticket opened before the crash still
sends its own confirmation, written with it).

What is stored is what the dialogue needs later (location and photo references, menu
choices); NIKs are masked before the text is stored.
"""

from __future__ import annotations

import json

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from suite.channels.dialogue.message import Channel, Incoming, Outcome
from suite.channels.models import InboundMessage
from suite.database import write_transaction
from suite.extensions import db
from suite.privacy.redaction import redact_nik


def redact(text: str | None) -> str:
    return redact_nik(text)[:2000]


def stored_body(incoming: Incoming) -> str:
    if incoming.choice:
        return redact(incoming.choice)[:200]
    body: dict[str, object] = {}
    if incoming.location:
        body["location"] = list(incoming.location)
    if incoming.media:
        # Only the gateway's id and type (the caption is the text below): never redacted, as a
        # media id may well be 16 digits and the dialogue fetches the photo by it later.
        body["media"] = incoming.media
    if body:
        if incoming.text:
            body["caption"] = redact(incoming.text)
        return json.dumps(body)
    return redact(incoming.text)


def record(incoming: Incoming) -> int | None:
    """Store the message; None when this id was seen before (a retry or a replay)."""
    try:
        with write_transaction():
            seen = db.session.execute(
                select(InboundMessage.id).where(
                    InboundMessage.channel == incoming.channel, InboundMessage.external_id == incoming.external_id
                )
            ).first()
            if seen:
                return None
            row = InboundMessage(
                channel=incoming.channel,
                external_id=incoming.external_id[:200],
                sender=incoming.phone,
                body=stored_body(incoming),
                outcome="received",
            )
            db.session.add(row)
    except IntegrityError:  # the same id arrived twice at once; the other request handles it
        return None
    return row.id


def finish(channel: Channel, incoming: Incoming, outcome: Outcome) -> None:
    """Store the outcome and put the replies in the outbox, in one transaction."""
    with write_transaction():
        db.session.execute(
            update(InboundMessage)
            .where(InboundMessage.id == incoming.inbound_id)
            .values(outcome=outcome.name[:30], ticket_id=outcome.ticket_id)
        )
        if outcome.used_parts:
            db.session.execute(
                update(InboundMessage)
                .where(InboundMessage.id.in_(outcome.used_parts))
                .values(outcome="part_used", ticket_id=outcome.ticket_id)
            )
        for reply in outcome.replies:
            channel.send(incoming.phone, reply, outcome.citizen_id)
