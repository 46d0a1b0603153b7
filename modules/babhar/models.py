"""Pregnancies have a life of their own, so they live in the module's table, keyed to the
mother (a citizen) and to the ticket that registered them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.database import UTCDateTime, utcnow
from suite.extensions import db
from suite.identity.models import Agency, Citizen


class Pregnancy(db.Model):
    __tablename__ = "babhar_pregnancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    last_period_date = mapped_column(db.Date, nullable=False)  # HPHT
    due_date = mapped_column(db.Date, nullable=False)  # HPL
    gravida: Mapped[int]
    para: Mapped[int]
    abortus: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="active")
    registered_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    consent_at = mapped_column(UTCDateTime, nullable=False)
    consent_purpose: Mapped[str] = mapped_column(String(200))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    mother: Mapped[Citizen] = relationship()
    agency: Mapped[Agency] = relationship()
