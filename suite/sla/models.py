"""Response-time targets (data an admin edits) and the escalations the sweep has raised."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model

MINUTES_PER_DAY = 24 * 60


class SlaTarget(Model):
    """Targets for a ticket kind, module and category; an empty kind/module/category means "any".

    The most specific row wins: a row for the ticket's kind first (an information request's clock is
    set by law, UU 14/2008, whatever the module), then module+category, then module, then the
    regency-wide row.
    Durations count in calendar time, or only on working days when ``calendar`` is
    ``working_days`` (Indonesian public holidays excluded).
    """

    __tablename__ = "sla_targets"
    __table_args__ = (UniqueConstraint("kind", "module", "category", name="uq_sla_targets_kind_module_category"),)

    CALENDARS = ("calendar", "working_days")

    id: Mapped[int] = mapped_column(primary_key=True)
    module: Mapped[str | None] = mapped_column(String(30))
    category: Mapped[str | None] = mapped_column(String(60))
    # suite.ticketing.kinds (complaint, aspiration, information); None: any kind.
    kind: Mapped[str | None] = mapped_column(String(20))
    first_response_minutes: Mapped[int] = mapped_column(default=2 * MINUTES_PER_DAY)
    reward_minutes: Mapped[int] = mapped_column(default=10)
    sanction_minutes: Mapped[int] = mapped_column(default=2 * MINUTES_PER_DAY)
    verification_minutes: Mapped[int] = mapped_column(default=3 * MINUTES_PER_DAY)
    resolution_minutes: Mapped[int] = mapped_column(default=5 * MINUTES_PER_DAY)
    calendar: Mapped[str] = mapped_column(String(20), default="calendar")
    note: Mapped[str | None] = mapped_column(Text)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class SlaEscalation(Model):
    """One stage of one target on one ticket; the unique key makes the sweep idempotent."""

    __tablename__ = "sla_escalations"
    __table_args__ = (
        UniqueConstraint("ticket_id", "target", "stage", name="uq_sla_escalations_ticket_target_stage"),
        # The statistics refresh finds the tickets that became overdue since its last run.
        Index("ix_sla_escalations_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    target: Mapped[str] = mapped_column(String(20))  # first_response, resolution
    stage: Mapped[str] = mapped_column(String(20))  # due_soon, breached
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
