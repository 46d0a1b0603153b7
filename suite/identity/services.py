"""Registering and authenticating citizens and staff. No request objects here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite import reference
from suite.extensions import db
from suite.identity import nik as nik_rules
from suite.identity import protection
from suite.identity.models import Citizen, Staff
from suite.identity.passwords import DUMMY_HASH, hash_password, verify_password
from suite.identity.phones import PhoneError, to_e164


class RegistrationError(ValueError):
    """Refused registration; ``field`` names the input at fault."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


@dataclass
class CitizenRegistration:
    nik: str
    full_name: str
    birth_date: date
    sex: str
    phone: str
    desa_code: str
    password: str
    email: str | None = None


def find_citizen_by_nik(nik: str) -> Citizen | None:
    index = protection.blind_index(nik_rules.normalise(nik))
    return db.session.execute(select(Citizen).where(Citizen.nik_index == index)).scalar_one_or_none()


def find_citizen_by_phone(phone: str) -> Citizen | None:
    try:
        e164 = to_e164(phone)
    except PhoneError:
        return None
    return db.session.execute(select(Citizen).where(Citizen.phone == e164)).scalar_one_or_none()


def register_citizen(data: CitizenRegistration) -> Citizen:
    """Check the NIK offline against the declared birth date and sex, then add the citizen.

    Flushes but does not commit. Raises ``RegistrationError`` naming the faulty field.
    """
    try:
        info = nik_rules.parse_nik(data.nik, data.birth_date, data.sex)
    except nik_rules.NikError as error:
        raise RegistrationError("nik", str(error)) from None
    try:
        phone = to_e164(data.phone)
    except PhoneError as error:
        raise RegistrationError("phone", str(error)) from None
    if reference.desa(data.desa_code) is None:
        raise RegistrationError("desa_code", _l("Pilih desa/kelurahan dari daftar."))
    if find_citizen_by_nik(info.nik) is not None:
        raise RegistrationError("nik", _l("NIK ini sudah terdaftar. Silakan masuk."))
    if db.session.execute(select(Citizen.id).where(Citizen.phone == phone)).first():
        raise RegistrationError("phone", _l("Nomor telepon ini sudah dipakai akun lain."))
    citizen = Citizen(
        nik_encrypted=protection.encrypt(info.nik),
        nik_index=protection.blind_index(info.nik),
        full_name=data.full_name.strip(),
        birth_date=info.birth_date,
        sex=info.sex,
        phone=phone,
        email=(data.email or "").strip() or None,
        desa_code=data.desa_code,
        password_hash=hash_password(data.password),
        nik_warnings=info.warnings or None,
    )
    db.session.add(citizen)
    db.session.flush()
    return citizen


def authenticate_citizen(identifier: str, password: str) -> Citizen | None:
    """Log in by NIK or phone number."""
    identifier = (identifier or "").strip()
    normalised = nik_rules.normalise(identifier)
    if len(normalised) == 16 and normalised.isdigit():
        citizen = find_citizen_by_nik(normalised)
    else:
        citizen = find_citizen_by_phone(identifier)
    if citizen is None:
        verify_password(DUMMY_HASH, password)
        return None
    return citizen if verify_password(citizen.password_hash, password) else None


def authenticate_staff(email: str, password: str) -> Staff | None:
    staff = db.session.execute(
        select(Staff).where(Staff.email == (email or "").strip().lower())
    ).scalar_one_or_none()
    if staff is None or not staff.active:
        verify_password(DUMMY_HASH, password)
        return None
    return staff if verify_password(staff.password_hash, password) else None


def create_staff(email: str, full_name: str, password: str, role: str = "officer",
                 agency=None, module_codes: list[str] | None = None, phone: str | None = None) -> Staff:
    """Create a staff account; ``phone`` (any Indonesian format) receives urgent alerts."""
    if role not in Staff.ROLES:
        raise ValueError(f"unknown role {role!r}")
    staff = Staff(email=email.strip().lower(), full_name=full_name, role=role,
                  password_hash=hash_password(password), agency=agency,
                  module_codes=module_codes or None, phone=to_e164(phone) if phone else None)
    db.session.add(staff)
    db.session.flush()
    return staff
