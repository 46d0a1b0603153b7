"""Registering and authenticating citizens and staff. No request objects here."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite import reference
from suite.audit.services import record
from suite.extensions import db
from suite.identity import nik as nik_rules
from suite.identity import protection
from suite.identity.models import Citizen, Staff
from suite.identity.password_policy import AccountFacts, PasswordPolicyError, check_password
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
    password: str | None  # None: not chosen yet (SMS DAFTAR, call centre); set later by a reset link
    email: str | None = None


def find_citizen_by_nik(nik: str) -> Citizen | None:
    # Every configured key's index (issue 9, item 13): rows a key rotation has not reached yet still match.
    indexes = protection.blind_indexes(nik_rules.normalise(nik))
    return db.session.execute(select(Citizen).where(Citizen.nik_index.in_(indexes))).scalars().first()


def find_citizen_by_phone(phone: str) -> Citizen | None:
    try:
        e164 = to_e164(phone)
    except PhoneError:
        return None
    # The account that proved the number, else the latest that typed it (several may have).
    return (
        db.session.execute(
            select(Citizen)
            .where(Citizen.phone == e164)
            .order_by(Citizen.phone_confirmed_at.is_(None), Citizen.id.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def phone_owner_id(phone: str) -> int | None:
    """The account that proved ``phone`` (E.164), if any: a number is taken only once proven."""
    return db.session.execute(
        select(Citizen.id).where(Citizen.phone == phone, Citizen.phone_confirmed_at.is_not(None))
    ).scalar_one_or_none()


def validate_registration(data: CitizenRegistration) -> tuple[nik_rules.NikInfo, str]:
    """Everything that can be checked from the input alone (no lookup, so an answer from here
    reveals nothing about who is registered): the NIK offline, the phone, the desa, the password.
    Returns the decoded NIK and the phone in E.164; raises ``RegistrationError``."""
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
    try:  # password policy (issue 9, item 4): from the input alone, before any lookup
        if data.password is not None:
            check_password(
                data.password, AccountFacts("citizen", nik=info.nik, phone=phone, email=data.email, name=data.full_name)
            )
    except PasswordPolicyError as error:
        raise RegistrationError("password", error.message) from None
    return info, phone


def register_citizen(data: CitizenRegistration) -> Citizen:
    """Check the NIK offline against the declared birth date and sex, then add the citizen.

    Flushes but does not commit. Raises ``RegistrationError`` naming the faulty field.
    """
    info, phone = validate_registration(data)
    if find_citizen_by_nik(info.nik) is not None:
        raise RegistrationError("nik", _l("NIK ini sudah terdaftar. Silakan masuk."))
    if phone_owner_id(phone) is not None:
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
        # No password (SMS DAFTAR, the call centre): a random one nobody knows; a reset link sets one.
        password_hash=hash_password(data.password if data.password is not None else secrets.token_urlsafe(32)),
        nik_warnings=info.warnings or None,
    )
    db.session.add(citizen)
    db.session.flush()
    return citizen


# -- web registration that reveals nothing (issue 9, item 5) -------------------------------


def register_caller(operator: Staff, data: CitizenRegistration) -> Citizen:
    """A call-centre operator registers the caller (no password: a reset link sets one later).

    The caller hears back by SMS; the new account is audited as the operator's doing. Flushes, never
    commits; raises ``RegistrationError`` as ``register_citizen`` does."""
    citizen = register_citizen(data)
    citizen.preferred_channel = "sms"  # a caller hears back on their phone
    record("create", "citizen", citizen.id, staff=operator, citizen=citizen, detail="registered by phone")
    return citizen


def start_registration(data: CitizenRegistration) -> str:
    """Begin a web registration; return the flow token the browser keeps for the code page.

    Whatever the database holds, the caller sees the same thing (a token, and "we sent a code"),
    and the work done is alike (one password hash, one outbox row):
    - phone free, NIK free: a citizen account with the phone still unconfirmed, and a code;
    - phone free, NIK held by another account: no account; an ``IdentityClaim`` and a code; the
      registrant learns about the other account only after proving the phone;
    - phone already proven by an account: nothing is created; the number gets a notice ("someone tried
      to register with your number") and no code; a decoy code row, which nothing can match, makes
      the code page answer, lock and expire as for a real code.
    Input errors (``validate_registration``) still raise ``RegistrationError``. Flushes only.
    """
    from suite.identity import phone_confirmation
    from suite.identity.verification import IdentityClaim

    info, phone = validate_registration(data)
    token = secrets.token_urlsafe(32)
    if data.password is None:  # the web form always has one; channels without use register_citizen
        raise ValueError("start_registration needs a chosen password")
    password_hash = hash_password(data.password)
    if phone_owner_id(phone) is not None:
        phone_confirmation.notify_number_owner(phone)
        phone_confirmation.issue_decoy(phone, token)
        return token
    email = (data.email or "").strip() or None
    holder = find_citizen_by_nik(info.nik)
    if holder is not None:
        claim = IdentityClaim(
            nik_encrypted=protection.encrypt(info.nik),
            nik_index=protection.blind_index(info.nik),
            full_name=data.full_name.strip(),
            birth_date=info.birth_date,
            sex=info.sex,
            phone=phone,
            email=email,
            desa_code=data.desa_code,
            password_hash=password_hash,
            holder_citizen_id=holder.id,
        )
        db.session.add(claim)
        db.session.flush()
        phone_confirmation.issue_code(phone, claim=claim, flow_token=token)
        return token
    citizen = Citizen(
        nik_encrypted=protection.encrypt(info.nik),
        nik_index=protection.blind_index(info.nik),
        full_name=data.full_name.strip(),
        birth_date=info.birth_date,
        sex=info.sex,
        phone=phone,
        email=email,
        desa_code=data.desa_code,
        password_hash=password_hash,
        nik_warnings=info.warnings or None,
    )
    db.session.add(citizen)
    db.session.flush()
    phone_confirmation.issue_code(phone, citizen=citizen, flow_token=token)
    return token


def find_citizen_by_confirmed_phone(phone: str) -> Citizen | None:
    """The account a message from ``phone`` belongs to: only once that account proved the phone."""
    citizen = find_citizen_by_phone(phone)
    return citizen if citizen is not None and citizen.phone_confirmed_at is not None else None


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
    staff = db.session.execute(select(Staff).where(Staff.email == (email or "").strip().lower())).scalar_one_or_none()
    if staff is None or not staff.active:
        verify_password(DUMMY_HASH, password)
        return None
    return staff if verify_password(staff.password_hash, password) else None


def create_staff(
    email: str,
    full_name: str,
    password: str | None,
    role: str = "officer",
    agency=None,
    module_codes: list[str] | None = None,
    phone: str | None = None,
) -> Staff:
    """Create a staff account; ``phone`` (any Indonesian format) receives urgent alerts."""
    if role not in Staff.ROLES:
        raise ValueError(f"unknown role {role!r}")
    # Raises PasswordPolicyError (issue 9, item 4). None: no password yet (a reset link sets one).
    if password is not None:
        check_password(password, AccountFacts("staff", phone=phone, email=email, name=full_name))
    else:
        password = secrets.token_urlsafe(32)
    staff = Staff(
        email=email.strip().lower(),
        full_name=full_name,
        role=role,
        password_hash=hash_password(password),
        agency=agency,
        module_codes=module_codes or None,
        phone=to_e164(phone) if phone else None,
    )
    db.session.add(staff)
    db.session.flush()
    return staff
