"""In-person identity verification and disputes over a NIK (issue 9, item 5).

A NIK typed on a form proves nothing; as SATUSEHAT and the banks do, a person's identity counts
as verified only when staff saw the KTP in person (a kiosk or service desk, the puskesmas,
Dispendukcapil) or the midwife checked it at the first antenatal visit.

A registrant whose NIK another account holds gets no second account (``citizens.nik_index`` is
unique): their registration is kept as an ``IdentityClaim``. Once they proved their phone they
are told to bring their KTP; staff who see it give the NIK to them. The account that held it
keeps its reports (they are that person's own reports, reachable on their confirmed phone) but
no longer holds the NIK and is no longer verified (``nik_revoked_at``).

Who may act, and why:
- verify an identity: admins; Dispendukcapil (the civil registry itself); the call centre /
  service desk (``Staff.may_use_call_centre`` or an agency of kind ``pusat_layanan``), which
  receives citizens at the counter; puskesmas staff for citizens of their working area (the
  midwife sees her mothers' KTP), nobody else in health;
- give a disputed NIK to its claimant: admins, Dispendukcapil and the service desk only: taking
  a NIK from an account is a civil-registry question, not a clinical one. When the holder was
  already verified in person, only Dispendukcapil or an admin may overturn that.
Every action is audited with ``suite.audit.services.record``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.audit.services import record
from suite.database import UTCDateTime, utcnow
from suite.extensions import Model, db
from suite.identity import nik as nik_rules
from suite.identity import protection
from suite.identity.models import Citizen, Staff
from suite.identity.services import find_citizen_by_nik, phone_owner_id
from suite.identity.working_areas import PUSKESMAS, serving_unit

KTP_IN_PERSON = "ktp_in_person"
MIDWIFE_IN_PERSON = "midwife_in_person"  # the midwife checked the KTP at the first antenatal visit
METHODS = (KTP_IN_PERSON, MIDWIFE_IN_PERSON)
CIVIL_REGISTRY = "dispendukcapil"
SERVICE_DESK_KIND = "pusat_layanan"
HEALTH_UNIT_KIND = "puskesmas"


class IdentityError(ValueError):
    """A verification or dispute refused; the message is for the staff member."""


class IdentityClaim(Model):
    """A registration whose NIK another account held. ``status``: ``pending_phone`` (code not yet
    entered), ``open`` (phone proven, waiting for the KTP), ``granted``, ``rejected``."""

    __tablename__ = "identity_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    nik_encrypted: Mapped[str] = mapped_column(String(200))
    nik_index: Mapped[str] = mapped_column(String(64), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    birth_date = mapped_column(Date, nullable=False)
    sex: Mapped[str] = mapped_column(String(1))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    desa_code: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="pending_phone", server_default="pending_phone")
    holder_citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id", ondelete="SET NULL"))
    phone_confirmed_at = mapped_column(UTCDateTime)
    resolved_at = mapped_column(UTCDateTime)
    resolved_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id", ondelete="SET NULL"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    holder: Mapped[Citizen | None] = relationship(foreign_keys=[holder_citizen_id])

    @property
    def reference(self) -> str:
        return f"K-{self.id:06d}"

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(protection.decrypt(self.nik_encrypted))


# -- who may act ---------------------------------------------------------------------------


def _in_agency(staff: Staff, code: str) -> bool:
    return staff.agency is not None and staff.agency.is_within(code)


def _service_desk(staff: Staff) -> bool:
    return staff.call_centre or (staff.agency is not None and staff.agency.kind == SERVICE_DESK_KIND)


def may_use_identity_desk(staff: Staff) -> bool:
    """May open the identity page at all (find a citizen by NIK)."""
    if not getattr(staff, "is_staff", False) or not staff.active:
        return False
    return (
        staff.role == "admin"
        or _in_agency(staff, CIVIL_REGISTRY)
        or _service_desk(staff)
        or (staff.agency is not None and staff.agency.kind == HEALTH_UNIT_KIND)
    )


def may_verify(staff: Staff, citizen: Citizen) -> bool:
    if not may_use_identity_desk(staff):
        return False
    if staff.role == "admin" or _in_agency(staff, CIVIL_REGISTRY) or _service_desk(staff):
        return True
    unit = serving_unit(PUSKESMAS, citizen.desa_code)  # health staff: their own area's citizens only
    return unit is not None and unit.id == staff.agency_id


def may_resolve(staff: Staff, claim: IdentityClaim) -> bool:
    if not may_use_identity_desk(staff):
        return False
    holder = claim.holder
    if holder is not None and holder.identity_verified_at is not None:
        return staff.role == "admin" or _in_agency(staff, CIVIL_REGISTRY)
    return staff.role == "admin" or _in_agency(staff, CIVIL_REGISTRY) or _service_desk(staff)


# -- lookups -------------------------------------------------------------------------------


def claims_for_nik(nik: str, status: str = "open") -> list[IdentityClaim]:
    # Every configured key's index: claims made before a key rotation still match.
    indexes = protection.blind_indexes(nik_rules.normalise(nik))
    return list(
        db.session.execute(
            select(IdentityClaim)
            .where(IdentityClaim.nik_index.in_(indexes), IdentityClaim.status == status)
            .order_by(IdentityClaim.id)
        ).scalars()
    )


def claim_by_id(claim_id) -> IdentityClaim | None:
    return db.session.get(IdentityClaim, int(claim_id)) if str(claim_id or "").isdigit() else None


# -- actions (flush, never commit) ---------------------------------------------------------


def verify_identity(citizen: Citizen, staff: Staff, method: str = KTP_IN_PERSON) -> None:
    """Mark the citizen's identity verified by ``staff``, who saw the KTP in person."""
    if method not in METHODS:
        raise ValueError(f"unknown verification method {method!r}")
    if not citizen.nik_encrypted:
        raise IdentityError(
            _l("Akun ini tidak memegang NIK (NIK diberikan kepada pemiliknya); tidak bisa diverifikasi.")
        )
    citizen.identity_verified_at = utcnow()
    citizen.identity_verified_by_staff_id = staff.id
    citizen.identity_verification_method = method
    record("verify_identity", "citizen", citizen.id, staff=staff, citizen=citizen, detail=method)
    db.session.flush()


def grant_claim(claim: IdentityClaim, staff: Staff) -> Citizen:
    """The claimant showed the KTP: the NIK becomes theirs in a new, verified account with the
    phone they proved; the previous holder keeps its account and reports without the NIK."""
    if claim.status != "open":
        raise IdentityError(_l("Klaim ini tidak menunggu pemeriksaan."))
    if not may_resolve(staff, claim):
        raise PermissionError("not allowed to resolve this claim")
    if phone_owner_id(claim.phone) is not None:
        raise IdentityError(
            _l("Nomor HP klaim ini sudah dipakai akun lain; minta pemohon mendaftar dengan nomor lain.")
        )
    now = utcnow()
    nik = protection.decrypt(claim.nik_encrypted)
    holder = find_citizen_by_nik(nik)
    if holder is not None:
        holder.nik_encrypted, holder.nik_index, holder.nik_revoked_at = None, None, now
        holder.identity_verified_at = holder.identity_verified_by_staff_id = None
        holder.identity_verification_method = None
        record("revoke_nik", "citizen", holder.id, staff=staff, citizen=holder, detail=f"claim {claim.reference}")
        db.session.flush()  # free the unique index before the new account takes it
    citizen = Citizen(
        nik_encrypted=protection.encrypt(nik),
        nik_index=protection.blind_index(nik),
        full_name=claim.full_name,
        birth_date=claim.birth_date,
        sex=claim.sex,
        phone=claim.phone,
        email=claim.email,
        desa_code=claim.desa_code,
        password_hash=claim.password_hash,
        phone_confirmed_at=claim.phone_confirmed_at or now,
    )
    db.session.add(citizen)
    db.session.flush()
    claim.status, claim.resolved_at, claim.resolved_by_staff_id, claim.citizen_id = "granted", now, staff.id, citizen.id
    record(
        "grant_nik_claim",
        "identity_claim",
        claim.id,
        staff=staff,
        citizen=citizen,
        detail=f"from citizen {holder.id}" if holder is not None else "holder gone",
    )
    verify_identity(citizen, staff, KTP_IN_PERSON)
    return citizen


def reject_claim(claim: IdentityClaim, staff: Staff) -> None:
    """The KTP did not match the claimant: the claim closes, the holder keeps the NIK."""
    if claim.status not in ("open", "pending_phone"):
        raise IdentityError(_l("Klaim ini sudah ditutup."))
    if not may_resolve(staff, claim):
        raise PermissionError("not allowed to resolve this claim")
    claim.status, claim.resolved_at, claim.resolved_by_staff_id = "rejected", utcnow(), staff.id
    record("reject_nik_claim", "identity_claim", claim.id, staff=staff)
    db.session.flush()
