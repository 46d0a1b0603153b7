"""What the dialogue receives from a phone channel, what it answers, and what it needs from
the channel (sending a reply, fetching a photo)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from suite.ticketing.attachments import Upload


class MediaError(RuntimeError):
    """A photo the channel announced could not be fetched."""


@dataclass
class Incoming:
    """One message from a phone, as the channel adapter parsed it."""

    channel: str  # "sms" or "whatsapp": also the ticket's channel
    external_id: str  # the gateway's message id: a retry carries the same id
    phone: str  # E.164, "+62..."
    text: str = ""
    location: tuple[float, float] | None = None
    media: dict | None = None  # {"id", "mime_type"}: a photo the channel fetches when needed
    choice: str | None = None  # a menu choice id (WhatsApp interactive reply), e.g. "menu:lorong"
    unsupported: bool = False  # a kind of message we cannot read (voice, sticker ...)
    inbound_id: int | None = None  # the InboundMessage row, once recorded


@dataclass
class Reply:
    text: str
    menu: bool = False  # offer the service menu (an interactive list where the channel has one)


@dataclass
class Outcome:
    """What handling one message came to; ``name`` is stored as the message's outcome."""

    name: str
    replies: list[Reply] = field(default_factory=list)
    ticket_id: int | None = None
    citizen_id: int | None = None
    used_parts: list[int] = field(default_factory=list)  # earlier location/photo messages now used


class Channel(Protocol):
    name: str

    def send(self, phone: str, reply: Reply, citizen_id: int | None = None) -> None:
        """Put the reply in the outbox, in the caller's transaction."""

    def fetch_media(self, media: dict) -> Upload:
        """Download a photo the channel announced; raise ``MediaError``."""
