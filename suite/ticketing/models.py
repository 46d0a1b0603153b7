"""Tickets, their timeline, attachments and idempotency keys."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.database import UTCDateTime, utcnow
from suite.extensions import db
from suite.identity.models import Agency, Citizen, Staff


class Ticket(db.Model):
    """What every module shares and what reports filter on; module extras live in ``extras``."""

    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_agency_status_created", "agency_id", "status", "created_at"),
        Index("ix_tickets_citizen_created", "citizen_id", "created_at"),
        Index("ix_tickets_module_category", "module", "category"),
        Index("ix_tickets_kecamatan", "kecamatan_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    module: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    channel: Mapped[str] = mapped_column(String(20), default="web")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    visibility: Mapped[str] = mapped_column(String(15), default="public")
    anonymous: Mapped[bool] = mapped_column(default=False)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    desa_code: Mapped[str | None] = mapped_column(String(20))
    kecamatan_code: Mapped[str | None] = mapped_column(String(20))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    extras: Mapped[dict] = mapped_column(JSON, default=dict)
    # Bumped by one atomic UPDATE with every timeline event: a cheap change counter that
    # concurrent writers cannot lose.
    event_count: Mapped[int] = mapped_column(default=0)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    citizen: Mapped[Citizen | None] = relationship()
    agency: Mapped[Agency] = relationship()
    assignee: Mapped[Staff | None] = relationship()
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", cascade="all, delete-orphan")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="ticket", order_by="Attachment.id", cascade="all, delete-orphan")

    @property
    def is_confidential(self) -> bool:
        return self.visibility == "confidential"


class TicketEvent(db.Model):
    """One row of a ticket's timeline: the truth every figure is derived from."""

    __tablename__ = "ticket_events"

    KINDS = ("created", "status_changed", "public_reply", "internal_note", "citizen_comment",
             "assigned", "forwarded", "attachment_added")
    PUBLIC_KINDS = ("created", "status_changed", "public_reply", "citizen_comment", "forwarded")

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    public: Mapped[bool] = mapped_column(default=True)
    actor_type: Mapped[str] = mapped_column(String(10))  # citizen, staff, system
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
    actor_staff: Mapped[Staff | None] = relationship()
    agency: Mapped[Agency | None] = relationship()


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_events.id"))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    ticket: Mapped[Ticket] = relationship(back_populates="attachments")


class IdempotencyKey(db.Model):
    """A create request's client-made key: a retry returns the first result."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("caller", "key", name="uq_idempotency_keys_caller_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
