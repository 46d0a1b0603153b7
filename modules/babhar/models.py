"""e-Babhar's own tables. Pregnancies, visits and birth plans have lives of their own, keyed to
the mother (a citizen) and to the ticket that registered the pregnancy. The KSPR card is data
an admin edits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model, db
from suite.identity.models import Agency, Citizen


class Pregnancy(Model):
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
    ended_on = mapped_column(db.Date)  # any end: birth, miscarriage, abortion (outcome row has the detail)
    registered_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Who recorded the mother's consent when a midwife registered for her (None: she consented herself).
    consent_recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    consent_at = mapped_column(UTCDateTime, nullable=False)
    consent_purpose: Mapped[str] = mapped_column(String(200))
    # The mother withdrew her consent (issue 9, item 12): no more reminders or new processing; the
    # record made so far stays, as the medical-record rules require.
    consent_withdrawn_at = mapped_column(UTCDateTime)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    mother: Mapped[Citizen] = relationship()
    agency: Mapped[Agency] = relationship()
    visits: Mapped[list[Visit]] = relationship(
        back_populates="pregnancy", order_by="Visit.due_on", cascade="all, delete-orphan"
    )
    assessments: Mapped[list[RiskAssessment]] = relationship(order_by="RiskAssessment.id", cascade="all, delete-orphan")
    outcome: Mapped[Outcome | None] = relationship(
        back_populates="pregnancy", uselist=False, cascade="all, delete-orphan"
    )


class Visit(Model):
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
    # planned; missed (its window closed before registration); cancelled (the pregnancy ended first).
    # A planned contact whose window has closed unvisited is also shown as missed.
    status: Mapped[str] = mapped_column(String(10), default="planned", server_default="planned")
    visited_on = mapped_column(db.Date)
    # The standard ANC elements (Buku KIA "10T"): measurements, screening, treatment, counselling.
    weight_kg: Mapped[float | None]
    height_cm: Mapped[float | None]
    systolic: Mapped[int | None]
    diastolic: Mapped[int | None]
    muac_cm: Mapped[float | None]  # LiLA
    fundal_height_cm: Mapped[float | None]
    fetal_presentation: Mapped[str | None] = mapped_column(String(12))  # cephalic, breech, transverse
    fetal_heart_rate: Mapped[int | None]
    td_status: Mapped[str | None] = mapped_column(String(4))  # T0..T5
    haemoglobin: Mapped[float | None]
    blood_group: Mapped[str | None] = mapped_column(String(3))  # A+, AB-, ...
    urine_protein: Mapped[int | None]  # 0 negative, 1..4 for +1..+4
    hiv_result: Mapped[str | None] = mapped_column(String(12))  # nonreactive, reactive
    syphilis_result: Mapped[str | None] = mapped_column(String(12))
    hepatitis_b_result: Mapped[str | None] = mapped_column(String(12))
    ultrasound_findings: Mapped[str | None] = mapped_column(Text)
    iron_tablets: Mapped[int | None]
    counselling: Mapped[str | None] = mapped_column(String(300))
    observed_factors: Mapped[list | None] = mapped_column(JSON)
    # Alarms the measurements raised: [{"code", "severity", "factor"}], kept as found at the visit so a
    # later threshold edit does not rewrite what the midwife was told.
    alarms: Mapped[list | None] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reminder_sent_at = mapped_column(UTCDateTime)

    pregnancy: Mapped[Pregnancy] = relationship(back_populates="visits")

    def state_on(self, on: date) -> str:
        """done, cancelled, missed (window closed unvisited, also before registration) or upcoming."""
        if self.visited_on is not None:
            return "done"
        if self.status in ("cancelled", "missed"):
            return self.status
        return "missed" if self.window_end < on else "upcoming"

    @property
    def state(self) -> str:
        return self.state_on(date.today())


class RiskAssessment(Model):
    """One KSPR score, kept every time it changes: the history of the card."""

    __tablename__ = "babhar_risk_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    pregnancy_id: Mapped[int] = mapped_column(ForeignKey("babhar_pregnancies.id"), index=True)
    score: Mapped[int]
    category: Mapped[str] = mapped_column(String(10))
    factors: Mapped[list] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(60))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class BirthPlan(Model):
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


class KsprFactor(Model):
    """A line of the Poedji Rochjati card; points are editable by an admin."""

    __tablename__ = "babhar_kspr_factors"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    group: Mapped[str] = mapped_column(String(5))
    label_id: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    points: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)


class KsprCategory(Model):
    """A risk band: low (green), high (yellow), very high (red); bounds editable by an admin."""

    __tablename__ = "babhar_kspr_categories"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    label_id: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120))
    min_score: Mapped[int]
    max_score: Mapped[int | None]
    colour: Mapped[str] = mapped_column(String(10))
    advice_id: Mapped[str] = mapped_column(String(200))
    advice_en: Mapped[str | None] = mapped_column(String(200))


class Outcome(Model):
    """How a pregnancy ended: miscarriage or abortion (< 20 weeks), or a birth (live or still) with
    where, by whom and how; and whether the mother or the baby died."""

    __tablename__ = "babhar_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    pregnancy_id: Mapped[int] = mapped_column(ForeignKey("babhar_pregnancies.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # live_birth, stillbirth, miscarriage, abortion
    ended_on = mapped_column(db.Date, nullable=False)
    place: Mapped[str | None] = mapped_column(String(20))
    attendant: Mapped[str | None] = mapped_column(String(20))
    mode: Mapped[str | None] = mapped_column(String(20))
    birth_weight_g: Mapped[int | None]
    maternal_death: Mapped[bool] = mapped_column(default=False)
    neonatal_death: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    pregnancy: Mapped[Pregnancy] = relationship(back_populates="outcome")


class AlarmThreshold(Model):
    """One condition of a clinical alarm; rows sharing a code are OR-ed (systolic >= 140 OR
    diastolic >= 90). Values, severity and the card factor are edited by an admin."""

    __tablename__ = "babhar_alarm_thresholds"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    measure: Mapped[str] = mapped_column(String(30))
    operator: Mapped[str] = mapped_column(String(2))  # <, <=, >, >=
    value: Mapped[float]
    severity: Mapped[str] = mapped_column(String(10))  # alert, urgent
    kspr_factor: Mapped[str | None] = mapped_column(String(40))
    label_id: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)


class Trimester(Model):
    """Trimester boundaries in completed weeks since HPHT; an admin edits them."""

    __tablename__ = "babhar_trimesters"

    number: Mapped[int] = mapped_column(primary_key=True)
    last_week: Mapped[int]
    source: Mapped[str] = mapped_column(String(300))


class AntenatalContact(Model):
    """One antenatal contact of the schedule (K1-K6): its window in weeks since HPHT."""

    __tablename__ = "babhar_antenatal_contacts"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    trimester: Mapped[int]
    first_week: Mapped[int]
    last_week: Mapped[int]
    target_week: Mapped[int]
    with_doctor: Mapped[bool] = mapped_column(default=False)
    ultrasound: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(300))
