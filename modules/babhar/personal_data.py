"""e-Babhar's part of the data-subject rights (issue 9, item 12): what the mother can download,
the consent she gave at registration, what holds her data, and what erasure does.

Pregnancy records are medical records, which must be kept (Permenkes 24/2022 on rekam medis):
erasure therefore de-identifies them (the mother's account is anonymised by the core; free text and
the people named in the birth plan go) instead of deleting them, and they keep counting in the
maternal-health statistics.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from modules.babhar.models import BirthPlan, Pregnancy
from suite.extensions import db
from suite.registry import Consent
from suite.ticketing.lifecycle import OPEN_STATES
from suite.ticketing.models import Ticket

CONSENT_PREFIX = "babhar:pregnancy:"
WITHDRAWAL_EFFECT = _l(
    "Bidan tidak lagi mengirim pengingat dan kehamilan ini tidak diproses lebih lanjut. "
    "Catatan pemeriksaan yang sudah ada tetap disimpan sebagai rekam medis, sesuai aturan."
)


def pregnancies(citizen) -> list[Pregnancy]:
    return list(
        db.session.execute(select(Pregnancy).where(Pregnancy.citizen_id == citizen.id).order_by(Pregnancy.id)).scalars()
    )


def personal_data(citizen) -> dict:
    rows = pregnancies(citizen)
    if not rows:
        return {}
    return {"pregnancies": [_pregnancy(p) for p in rows]}


def _pregnancy(pregnancy: Pregnancy) -> dict:
    plan = db.session.execute(select(BirthPlan).where(BirthPlan.pregnancy_id == pregnancy.id)).scalar_one_or_none()
    return {
        **_columns(
            pregnancy,
            skip={"citizen_id", "registered_by_staff_id", "consent_recorded_by_staff_id", "midwife_id", "agency_id"},
        ),
        "puskesmas": pregnancy.agency.name if pregnancy.agency else None,
        "visits": [_columns(v, skip={"pregnancy_id", "recorded_by_staff_id"}) for v in pregnancy.visits],
        "risk_assessments": [_columns(a, skip={"pregnancy_id"}) for a in pregnancy.assessments],
        "birth_plan": _columns(plan, skip={"pregnancy_id"}) if plan else None,
        "outcome": _columns(pregnancy.outcome, skip={"pregnancy_id", "recorded_by_staff_id"})
        if pregnancy.outcome
        else None,
    }


def _columns(row, skip=frozenset()) -> dict:
    values = {}
    for column in row.__table__.columns:
        if column.key in skip:
            continue
        value = getattr(row, column.key)
        values[column.key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return values


def consents(citizen) -> list[Consent]:
    return [
        Consent(
            key=f"{CONSENT_PREFIX}{p.id}",
            # The stored (Indonesian) purpose, read in the reader's language.
            purpose=gettext(p.consent_purpose) if p.consent_purpose else p.consent_purpose,
            given_at=p.consent_at,
            withdrawn_at=p.consent_withdrawn_at,
            withdrawal_effect=WITHDRAWAL_EFFECT,
        )
        for p in pregnancies(citizen)
    ]


def withdraw_consent(citizen, key: str, now) -> bool:
    if not key.startswith(CONSENT_PREFIX):
        return False
    pregnancy = next((p for p in pregnancies(citizen) if f"{CONSENT_PREFIX}{p.id}" == key), None)
    if pregnancy is None:
        return False
    if pregnancy.consent_withdrawn_at is None:
        pregnancy.consent_withdrawn_at = now
        db.session.flush()
    return True


def legal_holds(citizen) -> list:
    """An open danger sign or clinical alarm: the care team is acting on it and must reach her."""
    from modules.babhar import URGENT_CATEGORIES

    codes = (
        db.session.execute(
            select(Ticket.code).where(
                Ticket.citizen_id == citizen.id,
                Ticket.module == "babhar",
                Ticket.category.in_(URGENT_CATEGORIES),
                Ticket.status.in_(OPEN_STATES),
            )
        )
        .scalars()
        .all()
    )
    return [
        _l("Tanda bahaya atau alarm kesehatan %(code)s masih ditangani bidan/puskesmas.", code=code) for code in codes
    ]


def erase_personal_data(citizen, now) -> None:
    for pregnancy in pregnancies(citizen):
        pregnancy.consent_withdrawn_at = pregnancy.consent_withdrawn_at or now
        for visit in pregnancy.visits:
            visit.notes = visit.counselling = visit.ultrasound_findings = None
        if pregnancy.outcome is not None:
            pregnancy.outcome.notes = None
        plan = db.session.execute(select(BirthPlan).where(BirthPlan.pregnancy_id == pregnancy.id)).scalar_one_or_none()
        if plan is not None:  # names and phones of other people (companion, blood donors)
            plan.attendant = plan.place = plan.companion = plan.transport = plan.savings = None
            plan.blood_donors = None
    db.session.flush()
