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
from datetime import timedelta
from typing import cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from suite import database
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


# Issue 13, item 7: a message whose handling the database cut off half-way stays ``received``, and its
# gateway sends it again after our 503. Until this long after it arrived the first request may still be
# running (gunicorn ends any request within 30 s), so the retry is answered "unfinished" (503 again);
# after it, the retry handles the message anew: a report opens its ticket with the message id as its
# idempotency key, so a ticket the first attempt committed is found, not made twice.
UNFINISHED_AFTER = timedelta(seconds=60)


class Unfinished(Exception):
    """This message id is being handled, or was cut off less than ``UNFINISHED_AFTER`` ago: retry later."""


def record(incoming: Incoming) -> int | None:
    """Store the message; None when this id was seen before (a retry or a replay). Raises
    ``Unfinished`` for an id whose first handling has not finished (see ``UNFINISHED_AFTER``)."""
    try:
        with write_transaction():
            seen = db.session.execute(
                select(InboundMessage.id, InboundMessage.outcome, InboundMessage.received_at).where(
                    InboundMessage.channel == incoming.channel, InboundMessage.external_id == incoming.external_id
                )
            ).first()
            if seen and seen.outcome == "received":
                return _take_over(seen.id, seen.received_at)
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


def _take_over(row_id: int, received_at) -> int:
    now = database.utcnow()
    if now - received_at < UNFINISHED_AFTER:
        raise Unfinished(row_id)
    # Only one retry takes it over: the row's time moves on, so a second one finds it young again.
    result = db.session.execute(
        update(InboundMessage)
        .where(
            InboundMessage.id == row_id,
            InboundMessage.outcome == "received",
            InboundMessage.received_at == received_at,
        )
        .values(received_at=now)
    )
    if cast(CursorResult, result).rowcount != 1:  # an UPDATE gives a CursorResult
        raise Unfinished(row_id)
    return row_id


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
