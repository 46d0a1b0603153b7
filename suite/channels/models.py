"""What the channels keep: API credentials, inbound messages, reports held for confirmation,
and a log of refused requests."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model


class ApiKey(Model):
    """A partner system's key. Only a hash is stored; the key is shown once, at creation."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(12), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_used_at = mapped_column(UTCDateTime)
    revoked_at = mapped_column(UTCDateTime)


class CitizenToken(Model):
    """A bearer token a citizen's app received at sign-in. Only a hash is stored."""

    __tablename__ = "citizen_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    revoked_at = mapped_column(UTCDateTime)


class InboundMessage(Model):
    """One message a channel received (SMS, WhatsApp, email); the external id makes replays harmless."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_inbound_messages_channel_external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(254), index=True)  # per-sender limits scan it
    body: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(30), default="received")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    received_at = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)  # retention purge


class HeldReport(Model):
    """A report from a phone no citizen account owns yet: held until the sender confirms."""

    __tablename__ = "held_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    module: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict] = mapped_column(JSON)
    confirm_code: Mapped[str] = mapped_column(String(12))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))


class SecurityEvent(Model):
    """A refused request worth an auditor's look: bad webhook signature, revoked key."""

    __tablename__ = "security_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(80))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
