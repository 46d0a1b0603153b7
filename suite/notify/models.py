"""In-app notifications for staff and citizens (delivery by SMS/WhatsApp/email comes with the outbox)."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_recipient", "recipient_type", "recipient_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_type: Mapped[str] = mapped_column(String(10))  # staff, citizen
    recipient_id: Mapped[int]
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    kind: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    read_at = mapped_column(UTCDateTime)

    ticket = relationship("Ticket")


class OutboxMessage(Model):
    """A message to send (email, SMS, WhatsApp), written in the same transaction as its cause.

    The worker claims rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), sends, and records the
    outcome; a claim expires after a lease, so a worker killed mid-delivery loses nothing.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),)

    STATUSES = ("pending", "sending", "sent", "failed")

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))  # email, sms, whatsapp
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    # Urgent alerts to staff and duty phones: who the message is for, in words a citizen may read
    # ("Bidan desa", "Nomor jaga Puskesmas Tlanakan"), so pages can say who was told from what was written.
    purpose: Mapped[str | None] = mapped_column(String(20))
    recipient_label: Mapped[str | None] = mapped_column(String(160))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    claimed_until = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(200))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    sent_at = mapped_column(UTCDateTime)


class MessageText(Model):
    """An admin's wording of one message the suite sends (issue 12): it replaces the default in code
    for one language; removing the row goes back to the default. Placeholders are checked on save
    (``suite.notify.message_texts``), so a stored text only names fields that are safe to send."""

    __tablename__ = "message_texts"
    __table_args__ = (UniqueConstraint("key", "language", name="uq_message_texts_key_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(5))
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class StaffNotificationPreference(Model):
    """How one staff member hears of one kind of event (issue 12) besides the app: the channels
    ("email", "whatsapp", "sms") chosen. No row: the app only."""

    __tablename__ = "staff_notification_preferences"
    __table_args__ = (UniqueConstraint("staff_id", "event", name="uq_staff_notification_preferences_staff_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    event: Mapped[str] = mapped_column(String(20))  # new_ticket, assigned, escalated
    channels: Mapped[list] = mapped_column(JSON, default=list)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
