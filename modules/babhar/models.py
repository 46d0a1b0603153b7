"""e-Babhar's own tables. Pregnancies, visits and birth plans have lives of their own, keyed to
the mother (a citizen) and to the ticket that registered the pregnancy. The KSPR card is data
an admin edits."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
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
    midwife_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    last_period_date = mapped_column(db.Date, nullable=False)  # HPHT
    due_date = mapped_column(db.Date, nullable=False)  # HPL
    gravida: Mapped[int]
    para: Mapped[int]
    abortus: Mapped[int]
    # History the midwife records: height, last birth, and card factors she has found.
    height_cm: Mapped[float | None]
    last_birth_date = mapped_column(db.Date)
    history_factors: Mapped[list | None] = mapped_column(JSON)
    risk_score: Mapped[int | None]
    risk_category: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="active")  # active, delivered, ended
    delivered_on = mapped_column(db.Date)
    registered_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    consent_at = mapped_column(UTCDateTime, nullable=False)
    consent_purpose: Mapped[str] = mapped_column(String(200))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    mother: Mapped[Citizen] = relationship()
    agency: Mapped[Agency] = relationship()
    visits: Mapped[list[Visit]] = relationship(back_populates="pregnancy", order_by="Visit.due_on",
                                               cascade="all, delete-orphan")
    assessments: Mapped[list[RiskAssessment]] = relationship(order_by="RiskAssessment.id",
                                                             cascade="all, delete-orphan")


class Visit(db.Model):
    """A scheduled contact (antenatal K1-K6, postpartum KF1-KF4, neonatal KN1-KN3) and, once it
    happened, what was measured."""

    __tablename__ = "babhar_visits"
    __table_args__ = (UniqueConstraint("pregnancy_id", "code", name="uq_babhar_visits_pregnancy_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pregnancy_id: Mapped[int] = mapped_column(ForeignKey("babhar_pregnancies.id"), index=True)
    code: Mapped[str] = mapped_column(String(5))  # K1..K6, KF1..KF4, KN1..KN3
    kind: Mapped[str] = mapped_column(String(10))  # antenatal, postpartum, neonatal
    window_start = mapped_column(db.Date, nullable=False)
    window_end = mapped_column(db.Date, nullable=False)
    due_on = mapped_column(db.Date, nullable=False)
    with_doctor: Mapped[bool] = mapped_column(default=False)
    ultrasound: Mapped[bool] = mapped_column(default=False)
    visited_on = mapped_column(db.Date)
    weight_kg: Mapped[float | None]
    systolic: Mapped[int | None]
    diastolic: Mapped[int | None]
    fundal_height_cm: Mapped[float | None]
    fetal_heart_rate: Mapped[int | None]
    haemoglobin: Mapped[float | None]
    iron_tablets: Mapped[int | None]
    observed_factors: Mapped[list | None] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reminder_sent_at = mapped_column(UTCDateTime)

    pregnancy: Mapped[Pregnancy] = relationship(back_populates="visits")


class RiskAssessment(db.Model):
    """One KSPR score, kept every time it changes: the history of the card."""

    __tablename__ = "babhar_risk_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    pregnancy_id: Mapped[int] = mapped_column(ForeignKey("babhar_pregnancies.id"), index=True)
    score: Mapped[int]
    category: Mapped[str] = mapped_column(String(10))
    factors: Mapped[list] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(60))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class BirthPlan(db.Model):
    """P4K (Program Perencanaan Persalinan dan Pencegahan Komplikasi)."""

    __tablename__ = "babhar_birth_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    pregnancy_id: Mapped[int] = mapped_column(ForeignKey("babhar_pregnancies.id"), unique=True)
    expected_date = mapped_column(db.Date)
    attendant: Mapped[str | None] = mapped_column(String(120))
    place: Mapped[str | None] = mapped_column(String(160))
    companion: Mapped[str | None] = mapped_column(String(120))
    transport: Mapped[str | None] = mapped_column(String(160))
    blood_donors: Mapped[list | None] = mapped_column(JSON)  # up to four {name, phone, blood_type}
    savings: Mapped[str | None] = mapped_column(String(160))
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class KsprFactor(db.Model):
    """A line of the Poedji Rochjati card; points are editable by an admin."""

    __tablename__ = "babhar_kspr_factors"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    group: Mapped[str] = mapped_column(String(5))
    label_id: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    points: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)


class KsprCategory(db.Model):
    """A risk band: low (green), high (yellow), very high (red); bounds editable by an admin."""

    __tablename__ = "babhar_kspr_categories"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    label_id: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120))
    min_score: Mapped[int]
    max_score: Mapped[int | None]
    colour: Mapped[str] = mapped_column(String(10))
    advice_id: Mapped[str] = mapped_column(String(200))
