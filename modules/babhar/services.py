"""Pregnancy registration rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from modules.babhar.models import Pregnancy
from modules.babhar.obstetrics import due_date
from suite import reference
from suite.database import utcnow
from suite.extensions import db
from suite.identity.models import Citizen, Staff
from suite.identity.seeding import puskesmas_for_kecamatan

CONSENT_PURPOSE = "Pelayanan kesehatan ibu dan anak (e-Babhar)"


def refusal_for(citizen: Citizen) -> str | None:
    """Pregnancy registration is for women: the NIK must decode as female."""
    if citizen is not None and citizen.sex != "F":
        return _l("Pendaftaran kehamilan hanya untuk ibu: NIK yang terdaftar bukan NIK perempuan.")
    return None


def responsible_agency_code(desa_code: str | None) -> str | None:
    kecamatan = reference.kecamatan_of(desa_code) if desa_code else None
    unit = puskesmas_for_kecamatan(kecamatan.code if kecamatan else None)
    return unit.code if unit else None


def create_pregnancy(ticket, extras: dict, citizen: Citizen, staff: Staff | None = None) -> Pregnancy:
    pregnancy = Pregnancy(
        citizen_id=citizen.id, ticket_id=ticket.id, agency_id=ticket.agency_id,
        last_period_date=extras["last_period_date"], due_date=due_date(extras["last_period_date"]),
        gravida=extras["gravida"], para=extras["para"], abortus=extras["abortus"],
        registered_by_staff_id=staff.id if staff else None,
        consent_at=utcnow(), consent_purpose=CONSENT_PURPOSE)
    db.session.add(pregnancy)
    db.session.flush()
    return pregnancy


def pregnancies_of(citizen: Citizen) -> list[Pregnancy]:
    return db.session.execute(select(Pregnancy).where(Pregnancy.citizen_id == citizen.id)
                              .order_by(Pregnancy.created_at.desc())).scalars().all()


def pregnancy_for_ticket(ticket_id: int) -> Pregnancy | None:
    return db.session.execute(select(Pregnancy).where(Pregnancy.ticket_id == ticket_id)).scalar_one_or_none()
