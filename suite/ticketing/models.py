"""Tickets, their timeline, attachments and idempotency keys."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model
from suite.identity.models import Agency, Citizen, Staff
from suite.ticketing.lifecycle import OPEN_STATES

# The public map's newest-first pages walk a partial index of the tickets that have a point and were
# not merged (public_map.public_conditions): most complaints carry no point and are never read. Only
# conditions without parameters, written the same in every dialect, so that SQLite and PostgreSQL
# both see the query's WHERE imply them; the other public rules are checked on the rows walked.
PUBLIC_MAP_SQL = "latitude IS NOT NULL AND longitude IS NOT NULL AND merged_into_id IS NULL"

# Must match the queue's ORDER BY expression exactly, or the databases will not use the index.
EFFECTIVE_DUE_SQL = "(CASE WHEN (first_response_at IS NULL) THEN first_response_due_at ELSE resolution_due_at END)"

# The budget-planning report's "waiting for the budget" list (issue 12, item 9), by planned year;
# a literal (lifecycle.AWAITING_BUDGET) for the same reason as PUBLIC_MAP_SQL.
AWAITING_BUDGET_SQL = "status = 'awaiting_budget'"
# The command centre's partial indexes cover open tickets only (issue 12, item 8). A query uses them
# when its WHERE holds this very text (literal values, not bound parameters): ``command_centre.is_open()``.
OPEN_SQL = "status IN (" + ", ".join(f"'{state}'" for state in OPEN_STATES) + ")"
# Tickets counted but never shown outside their agency (with those of health modules), one
# condition per partial index: an OR of the two is matched by no planner to any index.
SENSITIVE_SQL = "sensitive = true"
CONFIDENTIAL_SQL = "visibility = 'confidential'"


class Ticket(Model):
    """What every module shares and what reports filter on; module extras live in ``extras``."""

    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_agency_status_created", "agency_id", "status", "created_at"),
        Index("ix_tickets_citizen_created", "citizen_id", "created_at"),
        Index("ix_tickets_module_category", "module", "category"),
        Index("ix_tickets_kecamatan", "kecamatan_code"),
        Index("ix_tickets_updated_at", "updated_at"),  # the statistics refresh (suite.sla.stats_refresh)
        Index("ix_tickets_status_first_response_due", "status", "first_response_due_at"),
        Index("ix_tickets_status_resolution_due", "status", "resolution_due_at"),
        # The staff queue: newest first, or by the deadline that matters now (keyset on both).
        Index("ix_tickets_agency_id_id", "agency_id", "id"),
        Index("ix_tickets_agency_due", "agency_id", text(EFFECTIVE_DUE_SQL), "id"),
        # ... and for a supervisor's subtree of agencies (an IN list no index on the agency keeps in
        # due order): every status by due time, walked in order (0.85 s to 0.3 ms at 1M; issue 13).
        Index("ix_tickets_due", text(EFFECTIVE_DUE_SQL), "id"),
        # The public map (issue 11, item 4): newest points first, also within a period (keyset on both).
        Index(
            "ix_tickets_public_map",
            "created_at",
            "id",
            postgresql_where=text(PUBLIC_MAP_SQL),
            sqlite_where=text(PUBLIC_MAP_SQL),
        ),
        Index(
            "ix_tickets_awaiting_budget",
            # Led by the status the query fixes (SQLite prefers it even without statistics) and
            # covering what the report counts by: scope, module and disclosure.
            "status",
            "budget_year",
            "created_at",
            "id",
            "agency_id",
            "module",
            "visibility",
            "sensitive",
            postgresql_where=text(AWAITING_BUDGET_SQL),
            sqlite_where=text(AWAITING_BUDGET_SQL),
        ),
        # The command centre (issue 12, item 8): overdue and urgent lists by due time, open tickets
        # per module and status, tickets of the last hour.
        Index(
            "ix_tickets_open_due",
            text(EFFECTIVE_DUE_SQL),
            "id",
            postgresql_where=text(OPEN_SQL),
            sqlite_where=text(OPEN_SQL),
        ),
        # The staff queue's default list (open tickets of the agency, by due time; issue 13): the
        # full ix_tickets_agency_due walks past the agency's closed tickets to find open ones.
        Index(
            "ix_tickets_open_agency_due",
            "agency_id",
            text(EFFECTIVE_DUE_SQL),
            "id",
            postgresql_where=text(OPEN_SQL),
            sqlite_where=text(OPEN_SQL),
        ),
        Index(
            "ix_tickets_open_priority_due",
            "priority",
            text(EFFECTIVE_DUE_SQL),
            "id",
            postgresql_where=text(OPEN_SQL),
            sqlite_where=text(OPEN_SQL),
        ),
        Index(
            "ix_tickets_open_module_status",
            "module",
            "status",
            postgresql_where=text(OPEN_SQL),
            sqlite_where=text(OPEN_SQL),
        ),
        Index(
            "ix_tickets_sensitive_status",
            "status",
            postgresql_where=text(SENSITIVE_SQL),
            sqlite_where=text(SENSITIVE_SQL),
        ),
        Index(
            "ix_tickets_confidential_status",
            "status",
            postgresql_where=text(CONFIDENTIAL_SQL),
            sqlite_where=text(CONFIDENTIAL_SQL),
        ),
        Index("ix_tickets_created_at", "created_at"),
        # "My tickets": the queue's and staff statistics' filter (issue 12, item 10).
        Index("ix_tickets_assignee_created", "assignee_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    module: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60))
    # complaint, aspiration or information (suite.ticketing.kinds); chosen at intake.
    kind: Mapped[str] = mapped_column(String(20), default="complaint", server_default="complaint")
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    channel: Mapped[str] = mapped_column(String(20), default="web")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    visibility: Mapped[str] = mapped_column(String(15), default="public")
    # Health data (the module's or the category's rule when the ticket opened): never published,
    # never quoted in a notification. Always confidential too.
    sensitive: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    anonymous: Mapped[bool] = mapped_column(default=False)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    # Contact details of a reporter without a citizen account (Open311 clients, email): name,
    # email, phone. Personal data like the rest: never on public pages.
    reporter: Mapped[dict | None] = mapped_column(JSON)
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
    # Copies of what the timeline says, written by the service in the same transaction as the
    # event, so queues and scorecards can filter on them without reading every event.
    first_response_at = mapped_column(UTCDateTime)
    resolved_at = mapped_column(UTCDateTime)
    reopen_count: Mapped[int] = mapped_column(default=0, server_default="0")
    forward_count: Mapped[int] = mapped_column(default=0, server_default="0")
    ping_pong: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # Targets computed when the ticket opens; forwarding keeps them (the clock does not restart).
    first_response_due_at = mapped_column(UTCDateTime)
    verification_due_at = mapped_column(UTCDateTime)
    resolution_due_at = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    # The repair plan as it stands (issue 11, item 5), written with the status change that sets it
    # (``suite.ticketing.repair``); the timeline keeps each change. Public: no personal data.
    survey_date: Mapped[date | None] = mapped_column(Date)
    work_order_number: Mapped[str | None] = mapped_column(String(60))
    budget_year: Mapped[int | None]
    referred_to: Mapped[str | None] = mapped_column(String(40))  # suite.reference.external_bodies code

    citizen: Mapped[Citizen | None] = relationship()
    merged_into: Mapped[Ticket | None] = relationship(remote_side=[id])
    agency: Mapped[Agency] = relationship()
    assignee: Mapped[Staff | None] = relationship()
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="ticket", order_by="Attachment.id", cascade="all, delete-orphan"
    )

    @property
    def is_confidential(self) -> bool:
        return self.visibility == "confidential"


class TicketEvent(Model):
    """One row of a ticket's timeline: the truth every figure is derived from."""

    __tablename__ = "ticket_events"

    KINDS = (
        "created",
        "status_changed",
        "public_reply",
        "internal_note",
        "citizen_comment",
        "assigned",
        "forwarded",
        "attachment_added",
        "reopened",
        "rated",
        "merged",
        "merged_in",
        "reclassified",
        # Forwarded to an outside system (issue 11, item 10): asked for, sent with its reference,
        # a status read back from there, refused for good.
        "external_queued",
        "external_sent",
        "external_status",
        "external_failed",
        "information_extended",
        "information_decided",
    )
    PUBLIC_KINDS = (
        "created",
        "status_changed",
        "public_reply",
        "citizen_comment",
        "forwarded",
        "reopened",
        "rated",
        "merged",
        "reclassified",
        "external_sent",
        "external_status",
        "information_extended",
        "information_decided",
    )

    __table_args__ = (
        # "Forwarded from our agency" (issue 11, item 7): the tickets an agency handed on, by agency.
        Index("ix_ticket_events_previous_agency_kind", "previous_agency_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    public: Mapped[bool] = mapped_column(default=True)
    actor_type: Mapped[str] = mapped_column(String(10))  # citizen, staff, system
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    previous_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str | None] = mapped_column(Text)
    # Facts of the event beyond status and agency, as plain JSON: a re-classification's old and
    # new module and category ({"from": {"module", "category"}, "to": {...}}).
    detail: Mapped[dict | None] = mapped_column(JSON)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
    actor_staff: Mapped[Staff | None] = relationship()
    agency: Mapped[Agency | None] = relationship(foreign_keys=[agency_id])
    previous_agency: Mapped[Agency | None] = relationship(foreign_keys=[previous_agency_id])


class Attachment(Model):
    __tablename__ = "attachments"

    # What a file shows: the citizen's own report, or staff photos of the repair. Before and after
    # photos are public on the status page of a public ticket; report and survey photos never.
    PURPOSES = ("report", "survey", "before", "after")
    PUBLIC_PURPOSES = ("before", "after")

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_events.id"))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(10), default="report", server_default="report")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    ticket: Mapped[Ticket] = relationship(back_populates="attachments")


class IdempotencyKey(Model):
    """A create request's client-made key: a retry returns the first result."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("caller", "key", name="uq_idempotency_keys_caller_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class Rating(Model):
    """The citizen's 1-5 rating of how a resolved ticket was handled; one per ticket."""

    __tablename__ = "ticket_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class Follower(Model):
    """A citizen who follows a ticket that is not theirs (e.g. after their duplicate was merged),
    or supports it ("Dukung laporan ini", issue 11): a supporter is a follower that counts."""

    __tablename__ = "ticket_followers"
    __table_args__ = (UniqueConstraint("ticket_id", "citizen_id", name="uq_ticket_followers_ticket_citizen"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    supported: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class ResponseTemplate(Model):
    """A reply an agency reuses, offered on tickets in the given state (any state when empty).

    An admin may also keep templates for the whole regency (no agency) and for one module only
    (issue 12); an agency's supervisors keep their agency's own."""

    __tablename__ = "response_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)  # None: every agency
    module: Mapped[str | None] = mapped_column(String(40))  # None: tickets of every module
    status: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
