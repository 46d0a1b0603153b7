"""The little a phone conversation remembers, read from the messages already recorded.

- A location or photo sent without a report is kept (outcome ``pending_part``) and goes with
  the sender's next report within ``WINDOW``.
- A WhatsApp menu choice (outcome ``menu_choice``), or a report sent back for a better desa or
  description (outcome ``ask_desa:<module>`` / ``ask_again:<module>``), makes the sender's next
  message within ``WINDOW`` a report to that module, without its keyword.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from suite.channels.dialogue.message import Incoming
from suite.channels.models import InboundMessage
from suite.database import utcnow
from suite.extensions import db
from suite.registry import ServiceModule, get_module

WINDOW = timedelta(minutes=30)
PENDING, USED, MENU_CHOICE = "pending_part", "part_used", "menu_choice"
MENU_PREFIX = "menu:"
ASK_DESA, ASK_AGAIN = "ask_desa", "ask_again"


def asking(kind: str, module: ServiceModule) -> str:
    """The outcome of a report sent back: remembers the module for the corrected message."""
    return f"{kind}:{module.code}"


@dataclass
class Parts:
    ids: list[int] = field(default_factory=list)
    location: tuple[float, float] | None = None
    media: list[dict] = field(default_factory=list)


def _earlier(incoming: Incoming):
    return select(InboundMessage).where(
        InboundMessage.channel == incoming.channel,
        InboundMessage.sender == incoming.phone,
        InboundMessage.id < incoming.inbound_id,
        InboundMessage.received_at >= utcnow() - WINDOW,
    )


def pending_parts(incoming: Incoming) -> Parts:
    """Kept locations and photos, with this message's own; the latest location wins."""
    parts = Parts()
    rows = db.session.execute(
        _earlier(incoming).where(InboundMessage.outcome == PENDING).order_by(InboundMessage.id)
    ).scalars()
    for row in rows:
        try:
            body = json.loads(row.body or "{}")
        except ValueError:
            continue
        parts.ids.append(row.id)
        if body.get("location"):
            parts.location = tuple(body["location"])
        if body.get("media"):
            parts.media.append(body["media"])
    if incoming.location:
        parts.location = incoming.location
    if incoming.media:
        parts.media.append(incoming.media)
    return parts


def awaited_module(incoming: Incoming) -> ServiceModule | None:
    """The module the sender's last exchange (kept parts aside) left us waiting a report for."""
    last = db.session.execute(
        _earlier(incoming)
        .where(InboundMessage.outcome.notin_((PENDING, USED)))
        .order_by(InboundMessage.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if last is None:
        return None
    if last.outcome == MENU_CHOICE and (last.body or "").startswith(MENU_PREFIX):
        return get_module(last.body[len(MENU_PREFIX) :])
    kind, _, code = last.outcome.partition(":")
    return get_module(code) if kind in (ASK_DESA, ASK_AGAIN) and code else None
