"""Working areas (wilayah kerja): which unit of an agency network serves each desa, and the
field officer named for it (for the puskesmas network: the village midwife, bidan desa).

A kecamatan may have two puskesmas, so the kecamatan cannot decide; each desa belongs to exactly
one unit per network. The shipped mapping is a best-effort starting point that admins correct
(``confirmed`` stays false until Dinkes confirms a row)."""

from __future__ import annotations

import csv

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.audit.changes import changes, snapshot
from suite.audit.services import record
from suite.database import UTCDateTime, utcnow
from suite.errors import Invalid
from suite.extensions import Model, db
from suite.identity.models import Agency, Staff
from suite.reference import active_pack

PUSKESMAS = "puskesmas"
AUDITED_FIELDS = ("agency_id", "field_staff_id", "confirmed")  # what the audit log keeps of a correction


class WorkingArea(Model):
    __tablename__ = "working_areas"
    __table_args__ = (UniqueConstraint("network", "desa_code", name="uq_working_areas_network_desa"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network: Mapped[str] = mapped_column(String(30))
    desa_code: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    field_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    confirmed: Mapped[bool] = mapped_column(default=False)
    basis: Mapped[str | None] = mapped_column(String(200))  # why the unit was chosen (shipped rows)
    updated_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    agency: Mapped[Agency] = relationship()
    field_staff: Mapped[Staff | None] = relationship(foreign_keys=[field_staff_id])


def seed_working_areas() -> int:
    """Insert the shipped rows for desa that have none yet; an admin's edits are never overwritten."""
    added = 0
    agencies = {a.code: a for a in db.session.execute(select(Agency)).scalars()}
    # One file per network in the regency pack (``working_areas/puskesmas.csv``; issue 12, item 6).
    for network, path in active_pack().working_area_files.items():
        present = set(db.session.execute(select(WorkingArea.desa_code).where(WorkingArea.network == network)).scalars())
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                agency = agencies.get(row["agency_code"])
                if row["desa_code"] in present or agency is None:
                    continue
                db.session.add(
                    WorkingArea(
                        network=network,
                        desa_code=row["desa_code"],
                        agency_id=agency.id,
                        confirmed=row.get("confirmed") == "yes",
                        basis=row.get("basis") or None,
                    )
                )
                added += 1
    db.session.flush()
    return added


def area_of(network: str, desa_code: str | None) -> WorkingArea | None:
    if not desa_code:
        return None
    return db.session.execute(
        select(WorkingArea).where(WorkingArea.network == network, WorkingArea.desa_code == desa_code)
    ).scalar_one_or_none()


def serving_unit(network: str, desa_code: str | None) -> Agency | None:
    area = area_of(network, desa_code)
    return area.agency if area is not None and area.agency.active else None


def field_officer(network: str, desa_code: str | None) -> Staff | None:
    """The named officer of the desa (the village midwife), when one is named and still works there."""
    area = area_of(network, desa_code)
    if area is None:
        return None
    officer = area.field_staff
    if officer is None or not officer.active or officer.agency_id != area.agency_id:
        return None
    return officer


def areas(network: str, kecamatan_code: str | None = None) -> list[WorkingArea]:
    query = select(WorkingArea).where(WorkingArea.network == network)
    if kecamatan_code:
        query = query.where(WorkingArea.desa_code.like(f"{kecamatan_code}.%"))
    return list(db.session.execute(query.order_by(WorkingArea.desa_code)).scalars())


def update_area(
    area: WorkingArea, agency: Agency | None, field_staff: Staff | None, confirmed: bool, by: Staff
) -> None:
    """An admin's correction, audited with the values it changed; flushes, never commits.

    Raises ``Invalid`` unless ``agency`` is a puskesmas and the field officer (if any) works there."""
    if agency is None or agency.kind != PUSKESMAS:
        raise Invalid(_l("Pilih puskesmas."))
    if field_staff is not None and field_staff.agency_id != agency.id:
        raise Invalid(_l("Bidan desa harus bertugas di puskesmas yang melayani desa itu."))
    before = snapshot(area, AUDITED_FIELDS)
    area.agency_id, area.field_staff_id, area.confirmed = agency.id, field_staff.id if field_staff else None, confirmed
    area.updated_by_staff_id = by.id
    db.session.flush()
    old, new = changes(before, snapshot(area, AUDITED_FIELDS))
    record(
        "update",
        "working_area",
        area.desa_code,
        staff=by,
        before=old,
        after=new,
        detail=f"{agency.code} midwife={field_staff.id if field_staff else '-'} confirmed={area.confirmed}",
    )
