"""Reports from a phone no citizen owns yet are held until the sender registers.

A held report keeps the complete draft (and photo references) as it would have been opened,
for ``HOLD_FOR``; ``DAFTAR <NIK> <nama>`` from the same phone registers its owner and opens every
report that phone has waiting (``release``). The short ``confirm_code`` is the reference the
sender is given ("nomor 7K3Q9M"); the proof of ownership is the phone itself, as the gateway
vouches for the sender. At most ``MAX_WAITING`` reports wait per phone.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import timedelta

from sqlalchemy import select

from suite.channels.dialogue import texts
from suite.channels.dialogue.message import Channel, Incoming, Outcome, Reply
from suite.channels.dialogue.opening import open_report
from suite.channels.models import HeldReport
from suite.database import lock_row, utcnow, write_transaction
from suite.extensions import db
from suite.privacy.redaction import redact_value
from suite.registry import ServiceModule
from suite.ticketing.codes import ALPHABET
from suite.ticketing.draft import TicketDraft

HOLD_FOR = timedelta(days=3)
MAX_WAITING = 5
_DRAFT_FIELDS = ("category", "description", "desa_code", "latitude", "longitude", "extras", "kind")


def _waiting_query(phone: str):
    return select(HeldReport).where(
        HeldReport.phone == phone, HeldReport.ticket_id.is_(None), HeldReport.expires_at > utcnow()
    )


def waiting(phone: str) -> list[HeldReport]:
    return list(db.session.execute(_waiting_query(phone).order_by(HeldReport.id)).scalars())


def hold(
    incoming: Incoming, module: ServiceModule, draft: TicketDraft, media: list[dict], used_parts: list[int]
) -> Outcome:
    with write_transaction():
        # A message the gateway sends again after an outage cut its first handling off after this
        # write (suite.channels.dialogue.inbound's take-over) finds its report already held: the same
        # reference again, never a second held report that would open a second ticket.
        rows = waiting(incoming.phone)
        already = _held_for_message(incoming, rows)
        if already is not None:
            return Outcome("held", [Reply(texts.held(already.confirm_code, HOLD_FOR.days))], used_parts=used_parts)
        if len(rows) >= MAX_WAITING:
            return Outcome("held_limit", [Reply(texts.too_many_held())])
        draft_data = {name: value for name, value in asdict(draft).items() if name in _DRAFT_FIELDS}
        row = HeldReport(
            channel=incoming.channel,
            phone=incoming.phone,
            module=module.code,
            # The draft is opened later as it is held: masked now, not only then (issue 9).
            payload={"draft": redact_value(draft_data), "media": media, "inbound_id": incoming.inbound_id},
            confirm_code="".join(secrets.choice(ALPHABET) for _ in range(6)),
            expires_at=utcnow() + HOLD_FOR,
        )
        db.session.add(row)
    return Outcome("held", [Reply(texts.held(row.confirm_code, HOLD_FOR.days))], used_parts=used_parts)


def _held_for_message(incoming: Incoming, rows: list[HeldReport]) -> HeldReport | None:
    if incoming.inbound_id is None:
        return None
    # At most MAX_WAITING rows wait per phone: reading them beats a JSON path query both databases spell differently.
    for row in rows:
        if row.payload.get("inbound_id") == incoming.inbound_id:
            return row
    return None


def release(channel: Channel, citizen, rows: list[HeldReport]) -> tuple[list[int], list[Reply]]:
    """Open the held reports for their new owner; each keeps its own idempotency key, so a
    release that is repeated (a second DAFTAR) opens nothing twice."""
    ticket_ids, notes = [], []
    for held_id, module_code, payload in [(r.id, r.module, r.payload) for r in rows]:
        draft = TicketDraft(**payload["draft"])
        ticket_id, row_notes = open_report(
            channel, citizen, module_code, draft, payload.get("media") or [], idempotency_key=f"held:{held_id}"
        )
        notes += row_notes
        if ticket_id is None:
            continue
        with write_transaction():
            row = lock_row(HeldReport, held_id)
            row.ticket_id = ticket_id
        ticket_ids.append(ticket_id)
    return ticket_ids, notes
