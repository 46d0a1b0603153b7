"""How long received messages are kept (issue 9, item 1).

An ``InboundMessage`` holds what a gateway or mail server sent (the text already NIK-redacted,
the sender's phone or address). Past ``INBOUND_RETENTION_DAYS`` the text and the sender are
blanked; the row itself stays with its ``(channel, external_id)``, outcome and ticket link, so a
gateway that retries months later is still recognised as a replay and opens nothing twice.
``flask --app suite purge`` calls ``purge_inbound_messages``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from flask import current_app
from sqlalchemy import CursorResult, or_, update

from suite.channels.models import InboundMessage
from suite.extensions import db

# What a purged row keeps in its NOT NULL sender column.
PURGED_SENDER = ""


def purge_inbound_messages(now: datetime) -> int:
    """Blank the body and sender of messages received before ``now`` minus the retention period.

    Returns how many rows were blanked (rows already blank are not counted again). Flushes
    within the caller's transaction; the caller commits. A retention of 0 days or less keeps
    everything (purging is then switched off, never "delete all").
    """
    days = int(current_app.config.get("INBOUND_RETENTION_DAYS", 90))
    if days <= 0:
        return 0
    cutoff = now - timedelta(days=days)
    # An UPDATE's result is a CursorResult (it has a rowcount); Session.execute is typed for any statement.
    result = cast(
        CursorResult,
        db.session.execute(
            update(InboundMessage)
            .where(
                InboundMessage.received_at < cutoff,
                or_(InboundMessage.body.is_not(None), InboundMessage.sender != PURGED_SENDER),
            )
            .values(body=None, sender=PURGED_SENDER)
            .execution_options(synchronize_session=False)
        ),
    )
    db.session.flush()
    return result.rowcount or 0
