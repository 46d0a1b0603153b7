"""e-Babhar rules: registration, the visit schedule, the risk card, delivery, birth plan,
danger signs. Services take model objects and plain data, flush, never commit."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from modules.babhar import alarms, kspr, schedule
from modules.babhar.clinical_data import seed_clinical
from modules.babhar.models import BirthPlan, KsprCategory, KsprFactor, Pregnancy, RiskAssessment, Visit
from modules.babhar.obstetrics import due_date
from suite.database import utcnow
from suite.errors import Invalid, Unavailable
from suite.extensions import db
from suite.identity.models import Agency, Citizen, Staff
from suite.identity.working_areas import PUSKESMAS, serving_unit
from suite.notify import message_texts
from suite.notify.message_catalogue import MessageDefinition, define
from suite.notify.outbox import enqueue
from suite.privacy.redaction import redact_nik
from suite.registry import ServiceModule, get_module


def N_(text: str) -> str:
    """Marks ``text`` for the catalogue without translating it now (babel extracts ``N_``)."""
    return text


# Stored with the pregnancy as the mother agreed to it (in Indonesian); shown in the reader's language.
CONSENT_PURPOSE = N_("Pelayanan kesehatan ibu dan anak (e-Babhar)")
DATA_DIR = Path(__file__).parent / "data"
# The standard ANC elements a visit records (Buku KIA / PMK 21/2021 "10T").
VISIT_FIELDS = (
    "visited_on",
    "weight_kg",
    "height_cm",
    "systolic",
    "diastolic",
    "muac_cm",
    "fundal_height_cm",
    "fetal_presentation",
    "fetal_heart_rate",
    "td_status",
    "haemoglobin",
    "blood_group",
    "urine_protein",
    "hiv_result",
    "syphilis_result",
    "hepatitis_b_result",
    "ultrasound_findings",
    "iron_tablets",
    "counselling",
    "notes",
)


class CareError(Invalid):
    """A refused e-Babhar operation; ``field`` names the input at fault when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message, {field: message} if field else {})
        self.field = field


# -- reference data ------------------------------------------------------------------


def seed_card() -> int:
    """Load the KSPR card and the clinical tables once; an admin's later edits are never overwritten."""
    added = seed_clinical()
    if not db.session.execute(select(KsprFactor.code).limit(1)).first():
        for row in _read("kspr_factors.csv"):
            db.session.add(
                KsprFactor(
                    code=row["code"],
                    group=row["group"],
                    label_id=row["label_id"],
                    label_en=row["label_en"],
                    points=int(row["points"]),
                )
            )
            added += 1
    if not db.session.execute(select(KsprCategory.code).limit(1)).first():
        for row in _read("kspr_categories.csv"):
            db.session.add(
                KsprCategory(
                    code=row["code"],
                    label_id=row["label_id"],
                    label_en=row["label_en"],
                    min_score=int(row["min_score"]),
                    max_score=int(row["max_score"]) if row["max_score"] else None,
                    colour=row["colour"],
                    advice_id=row["advice_id"],
                    advice_en=row["advice_en"],
                )
            )
            added += 1
    db.session.flush()
    return added


def _read(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def card() -> tuple[dict[str, KsprFactor], list[KsprCategory]]:
    factors = {f.code: f for f in db.session.execute(select(KsprFactor)).scalars()}
    bands = list(db.session.execute(select(KsprCategory).order_by(KsprCategory.min_score)).scalars())
    return factors, bands


def babhar_module() -> ServiceModule:
    """The e-Babhar module object the app enabled (the registry's, as its pages were built from it)."""
    module = get_module("babhar")
    if module is None:  # only reachable from code that runs with the module switched off
        raise Unavailable(_l("Layanan e-Babhar tidak aktif."))
    return module


# -- who may register, who answers -------------------------------------------------------


def refusal_for(citizen: Citizen) -> str | None:
    """Pregnancy care is for women: the NIK must decode as female."""
    if citizen is not None and citizen.sex != "F":
        return _l("Pendaftaran kehamilan hanya untuk ibu: NIK yang terdaftar bukan NIK perempuan.")
    return None


def responsible_unit(desa_code: str | None):
    """The puskesmas whose working area (wilayah kerja) holds the desa; None: Dinkes answers."""
    return serving_unit(PUSKESMAS, desa_code)


def responsible_agency_code(desa_code: str | None) -> str | None:
    unit = responsible_unit(desa_code)
    return unit.code if unit else None


def staff_by_id(staff_id) -> Staff | None:
    return db.session.get(Staff, int(staff_id)) if str(staff_id or "").isdigit() else None


def pregnancy_by_id(pregnancy_id) -> Pregnancy | None:
    return db.session.get(Pregnancy, int(pregnancy_id)) if str(pregnancy_id or "").isdigit() else None


# -- registration and the record ----------------------------------------------------------


def create_pregnancy(ticket, extras: dict, citizen: Citizen, staff: Staff | None = None) -> Pregnancy:
    if active_pregnancy(citizen) is not None:
        raise CareError(_l("Ibu ini sudah memiliki kehamilan aktif yang terdaftar."), "last_period_date")
    today = date.today()
    pregnancy = Pregnancy(
        citizen_id=citizen.id,
        ticket_id=ticket.id,
        agency_id=ticket.agency_id,
        last_period_date=extras["last_period_date"],
        due_date=due_date(extras["last_period_date"]),
        gravida=extras["gravida"],
        para=extras["para"],
        abortus=extras["abortus"],
        registered_by_staff_id=staff.id if staff else None,
        consent_recorded_by_staff_id=staff.id if staff else None,
        consent_at=utcnow(),
        consent_purpose=CONSENT_PURPOSE,
    )
    db.session.add(pregnancy)
    db.session.flush()
    for planned in schedule.antenatal_schedule(pregnancy.last_period_date, registered_on=today):
        db.session.add(Visit(pregnancy_id=pregnancy.id, **planned.__dict__))
    db.session.flush()
    recompute_risk(pregnancy, "registration")
    return pregnancy


def active_pregnancy(citizen: Citizen) -> Pregnancy | None:
    return (
        db.session.execute(select(Pregnancy).where(Pregnancy.citizen_id == citizen.id, Pregnancy.status == "active"))
        .scalars()
        .first()
    )


def factors_in_force(pregnancy: Pregnancy) -> set[str]:
    """Card factors from the record (as they stood at the HPHT), the history, the midwife's ticks
    at visits and the alarms of visits. Nothing here depends on today's date."""
    found = kspr.derived_factors(
        pregnancy.mother.birth_date,
        pregnancy.last_period_date,
        pregnancy.gravida,
        pregnancy.para,
        pregnancy.abortus,
        pregnancy.height_cm,
        pregnancy.last_birth_date,
    )
    found |= set(pregnancy.history_factors or [])
    for visit in pregnancy.visits:
        found |= set(visit.observed_factors or [])
        found |= {a["factor"] for a in visit.alarms or [] if a.get("factor")}
    return found


# Why the score was taken again, stored as a code (``RiskAssessment.reason``) and read in the
# reader's language; a visit's reason carries its contact code ("visit K1").
RISK_REASONS = {"registration": _l("pendaftaran kehamilan"), "history": _l("riwayat dan faktor risiko diperbarui")}


def risk_reason_label(reason: str) -> str:
    """A score history row's reason as people read it: "pendaftaran kehamilan", "kunjungan K1"."""
    if reason in RISK_REASONS:
        return str(RISK_REASONS[reason])
    if reason.startswith("visit "):
        return _("kunjungan %(code)s", code=reason.removeprefix("visit "))
    return reason


def recompute_risk(pregnancy: Pregnancy, reason: str) -> RiskAssessment | None:
    """Score the card again; keep a history row whenever the score or its factors change."""
    factors, bands = card()
    active = {code for code in factors_in_force(pregnancy) if code in factors and factors[code].active}
    total = kspr.score(active, {code: f.points for code, f in factors.items() if f.active})
    band = kspr.band_for(total, [kspr.Band(b.code, b.min_score, b.max_score, b.colour) for b in bands])
    last = pregnancy.assessments[-1] if pregnancy.assessments else None
    pregnancy.risk_score, pregnancy.risk_category = total, band.code
    if last is not None and last.score == total and set(last.factors) == active:
        return None
    assessment = RiskAssessment(
        pregnancy_id=pregnancy.id, score=total, category=band.code, factors=sorted(active), reason=reason
    )
    db.session.add(assessment)
    db.session.flush()
    db.session.refresh(pregnancy)
    return assessment


def update_history(
    pregnancy: Pregnancy, height_cm: float | None, last_birth_date: date | None, factor_codes: list[str]
) -> None:
    factors, _bands = card()
    unknown = [c for c in factor_codes if c not in factors]
    if unknown:
        raise CareError(_l("Faktor risiko tidak dikenal."), "history_factors")
    if last_birth_date and last_birth_date > date.today():
        raise CareError(_l("Tanggal persalinan terakhir tidak boleh di masa depan."), "last_birth_date")
    if last_birth_date and last_birth_date >= pregnancy.last_period_date:
        raise CareError(_l("Persalinan terakhir harus sebelum HPHT kehamilan ini."), "last_birth_date")
    pregnancy.height_cm, pregnancy.last_birth_date = height_cm, last_birth_date
    pregnancy.history_factors = sorted(set(factor_codes))
    db.session.flush()
    recompute_risk(pregnancy, "history")


def record_visit(pregnancy: Pregnancy, visit: Visit, staff: Staff, values: dict, observed: list[str]) -> Visit:
    if visit.pregnancy_id != pregnancy.id:
        raise CareError(_l("Kunjungan tidak termasuk kehamilan ini."))
    visited_on = values.get("visited_on")
    if visited_on is None or visited_on > date.today():
        raise CareError(_l("Tanggal kunjungan wajib diisi dan tidak boleh di masa depan."), "visited_on")
    if visited_on < pregnancy.last_period_date:
        raise CareError(_l("Tanggal kunjungan sebelum HPHT."), "visited_on")
    systolic, diastolic = values.get("systolic"), values.get("diastolic")
    if (systolic is None) != (diastolic is None) or (systolic and diastolic and systolic <= diastolic):
        raise CareError(_l("Isi tekanan darah sistolik dan diastolik (sistolik lebih tinggi)."), "systolic")
    if visit.status == "cancelled":
        raise CareError(_l("Kunjungan ini dibatalkan karena kehamilan sudah berakhir."))
    for name in VISIT_FIELDS:
        if name in values:
            value = values[name]
            setattr(visit, name, redact_nik(value) if isinstance(value, str) else value)  # free text: no NIK at rest
    if visit.height_cm and not pregnancy.height_cm:
        pregnancy.height_cm = visit.height_cm  # the card's "too short" line needs it
    visit.observed_factors = sorted(set(observed))
    raised_before = {a["code"] for a in (visit.alarms or [])}
    found = alarms.evaluate({name: getattr(visit, name) for name in alarms.MEASURES})
    visit.alarms = [a.as_json() for a in found]
    visit.recorded_by_staff_id = staff.id
    db.session.flush()
    recompute_risk(pregnancy, f"visit {visit.code}")
    # A correction or a double submit of the same visit pages nobody twice: only new alarms go out.
    alarms.raise_alarms(pregnancy, visit, staff, [a for a in found if a.code not in raised_before])
    return visit


def save_birth_plan(pregnancy: Pregnancy, values: dict) -> BirthPlan:
    donors = [d for d in values.pop("blood_donors", []) if d.get("name")][:4]
    plan = birth_plan_of(pregnancy) or BirthPlan(pregnancy_id=pregnancy.id)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.blood_donors = donors
    db.session.add(plan)
    db.session.flush()
    return plan


def birth_plan_of(pregnancy: Pregnancy) -> BirthPlan | None:
    return db.session.execute(select(BirthPlan).where(BirthPlan.pregnancy_id == pregnancy.id)).scalar_one_or_none()


def visit_state(visit: Visit, on: date | None = None) -> str:
    """done, cancelled, missed (window closed unvisited, also before registration) or upcoming."""
    return visit.state_on(on or date.today())


def next_visit(pregnancy: Pregnancy, on: date | None = None) -> Visit | None:
    """The first contact of her schedule still to come (not done, missed or cancelled), by the date
    it is due; None when none is left."""
    upcoming = [v for v in pregnancy.visits if visit_state(v, on) == "upcoming"]
    return min(upcoming, key=lambda v: (v.due_on, v.window_start), default=None)


def overdue_visits(pregnancy: Pregnancy, on: date | None = None) -> list[Visit]:
    """Missed contacts: shown as missed, never silently dropped."""
    return [v for v in pregnancy.visits if visit_state(v, on) == "missed"]


# -- caseload and reminders ------------------------------------------------------------------


def caseload(agency_ids: set[int], status: str = "active") -> list[Pregnancy]:
    """Mothers by risk colour (red first), then due date."""
    order = {"KRST": 0, "KRT": 1, "KRR": 2}
    rows = (
        db.session.execute(select(Pregnancy).where(Pregnancy.agency_id.in_(agency_ids), Pregnancy.status == status))
        .scalars()
        .all()
    )
    return sorted(rows, key=lambda p: (order.get(p.risk_category or "", 3), p.due_date))


def units_by_name(agency_ids: set[int]) -> list[Agency]:
    return list(db.session.execute(select(Agency).where(Agency.id.in_(agency_ids)).order_by(Agency.name)).scalars())


def unit_summary(agency_ids: set[int]) -> dict[int, dict[str, int]]:
    """Per unit of ``agency_ids``: active mothers by risk category (unscored counts as KRR) and how
    many have a missed contact."""
    counts = {agency_id: {"KRR": 0, "KRT": 0, "KRST": 0, "overdue": 0} for agency_id in agency_ids}
    for p in caseload(agency_ids):
        counts[p.agency_id][p.risk_category or "KRR"] += 1
        counts[p.agency_id]["overdue"] += bool(overdue_visits(p))
    return counts


# Admins may reword the reminder (issue 12); it names nothing: no placeholder exists for it.
VISIT_REMINDER = define(
    MessageDefinition(
        "babhar_visit_reminder",
        _l("e-Babhar: pengingat jadwal kunjungan"),
        _l("Pengingat: ada jadwal untuk Anda besok. Silakan periksa akun Anda atau hubungi bidan."),
        (),
        (),
    )
)


def send_reminders(on: date | None = None) -> int:
    """One day before a visit: a reminder on the mother's channel, saying nothing clinical."""
    from suite.notify.outbox import citizen_route

    tomorrow = (on or date.today()) + timedelta(days=1)
    visits = (
        db.session.execute(
            select(Visit)
            .join(Pregnancy)
            .where(
                Visit.due_on == tomorrow,
                Visit.visited_on.is_(None),
                Visit.reminder_sent_at.is_(None),
                Visit.status == "planned",
                Pregnancy.consent_withdrawn_at.is_(None),  # withdrawn: nothing more is sent
                Pregnancy.status.in_(("active", "delivered")),
            )
        )
        .scalars()
        .all()
    )
    sent = 0
    for visit in visits:
        mother = visit.pregnancy.mother
        route = citizen_route(mother) or ("sms", mother.phone)
        if route[0] != "email" and mother.phone_confirmed_at is None:
            continue  # issue 9, item 5: nothing to a phone she has not proven; the midwife still sees the visit
        with force_locale("id"):
            text = message_texts.render(VISIT_REMINDER.key)
        enqueue(route[0], route[1], text, citizen_id=mother.id)
        visit.reminder_sent_at = utcnow()
        sent += 1
    db.session.flush()
    return sent


def pregnancies_of(citizen: Citizen) -> list[Pregnancy]:
    return list(
        db.session.execute(
            select(Pregnancy).where(Pregnancy.citizen_id == citizen.id).order_by(Pregnancy.created_at.desc())
        ).scalars()
    )


def has_pregnancy(citizen: Citizen) -> bool:
    """Whether she ever registered a pregnancy (her menu then links them)."""
    found = db.session.execute(select(Pregnancy.id).where(Pregnancy.citizen_id == citizen.id).limit(1)).first()
    return found is not None


def pregnancy_for_ticket(ticket_id: int) -> Pregnancy | None:
    return db.session.execute(select(Pregnancy).where(Pregnancy.ticket_id == ticket_id)).scalar_one_or_none()
