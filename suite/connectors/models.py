"""What the outward connector keeps: the endpoints an admin configured, and one reference per
ticket sent to an endpoint (the remote's id for it and the last status we read there)."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model
from suite.notify.models import OutboxMessage
from suite.ticketing.models import Ticket


class ConnectorEndpoint(Model):
    """A remote complaint system (SP4N-LAPOR!, a province's system, any HTTP endpoint).

    The token is encrypted at rest (``suite.identity.protection``, the key that protects NIKs)
    because it must be sent again, unlike our own API keys which are only hashed; pages and the
    audit trail only ever see its last four characters (``token_hint``).
    """

    __tablename__ = "connector_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    base_url: Mapped[str] = mapped_column(String(300))
    token_encrypted: Mapped[str | None] = mapped_column(String(700))
    token_hint: Mapped[str | None] = mapped_column(String(8))
    # The token the remote sends when it calls our webhook: only its SHA-256, shown once when made.
    webhook_token_hash: Mapped[str | None] = mapped_column(String(64))
    # Outgoing JSON field -> ticket attribute (``suite.connectors.mapping.ATTRIBUTES``).
    field_mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    # Remote status -> the public wording shown on the ticket's timeline.
    status_mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    # Remote statuses after which nothing changes any more: those references are no longer pulled.
    final_statuses: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class ExternalReference(Model):
    """A ticket forwarded to one endpoint: at most one per pair, so a second click cannot file twice.

    ``state``: ``queued`` (in the outbox, perhaps retrying), ``sent`` (the remote gave its id),
    ``failed`` (the remote refused it for good; an admin may send it again).
    ``idempotency_key`` is sent with every attempt so the remote can recognise a retry.
    """

    __tablename__ = "external_references"
    __table_args__ = (UniqueConstraint("ticket_id", "endpoint_id", name="uq_external_references_ticket_endpoint"),)

    STATES = ("queued", "sent", "failed")

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("connector_endpoints.id"), index=True)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    external_id: Mapped[str | None] = mapped_column(String(200))
    remote_status: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str | None] = mapped_column(Text)
    requested_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    sent_at = mapped_column(UTCDateTime)
    last_pulled_at = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship()
    endpoint: Mapped[ConnectorEndpoint] = relationship()
    outbox_message: Mapped[OutboxMessage | None] = relationship()
