"""The PPID's decision on an information request (UU 14/2008), kept for the citizen's objection and
the PPID's annual report (Perki 1/2021: requests granted, partly granted and refused, by ground)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model


class InformationDecision(Model):
    """One written decision; a reopened request may get a later one, the newest stands."""

    __tablename__ = "information_decisions"

    OUTCOMES = ("granted", "partly_granted", "refused")

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("ticket_events.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    # suite.ticketing.information_grounds code: required when refused or partly granted.
    ground: Mapped[str | None] = mapped_column(String(20))
    answer: Mapped[str | None] = mapped_column(Text)  # the information given, or the explanation
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
