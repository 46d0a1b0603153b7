"""Agencies (OPD) and their units as an admin edits them (issue 12, item 3): the operations
behind ``/admin/instansi``. No request objects; functions flush, never commit.

The tree has no cycles; a unit of a care tree (Dinas Kesehatan and its units, where health
tickets live) stays inside it, and a puskesmas or hospital is always inside it. An agency is
switched off only when nothing sends it work: no open tickets, no module or category routing to
it, no desa in its working area. Every change is audited with the values before and after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from suite import reference
from suite.audit.changes import changes, snapshot
from suite.audit.services import record
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.emails import EmailError, normalise_email
from suite.identity.models import Agency
from suite.identity.phones import PhoneError, to_e164
from suite.identity.working_areas import WorkingArea
from suite.privacy.redaction import redact_nik
from suite.registry import enabled_modules
from suite.ticketing import lifecycle
from suite.ticketing.models import Ticket

KINDS = {
    "dinas": _l("Dinas"),
    "badan": _l("Badan"),
    "rumah_sakit": _l("Rumah sakit"),
    "puskesmas": _l("Puskesmas"),
    "pusat_layanan": _l("Pusat layanan"),
    "unit": _l("Unit lain"),
}
HEALTH_KINDS = ("puskesmas", "rumah_sakit")  # always inside the care tree
AUDITED_FIELDS = ("code", "name", "short_name", "kind", "parent_id", "kecamatan_code", "phone", "email", "active")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


@dataclass
class AgencyValues:
    """What the admin form sends; ``code`` is read only when an agency is created (modules and the
    reference files name agencies by code, so it never changes)."""

    name: str
    short_name: str
    kind: str
    parent_id: int | None
    kecamatan_code: str | None
    phone: str | None
    email: str | None
    active: bool
    code: str = ""


def tree() -> list[tuple[Agency, int]]:
    """Every agency, parents before their units, each with its depth (0 at the top), by name."""
    agencies = list(db.session.execute(select(Agency).order_by(Agency.name)).scalars())
    children: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        children.setdefault(agency.parent_id, []).append(agency)
    rows: list[tuple[Agency, int]] = []
    stack = [(agency, 0) for agency in reversed(children.get(None, []))]
    while stack:
        agency, depth = stack.pop()
        rows.append((agency, depth))
        stack.extend((unit, depth + 1) for unit in reversed(children.get(agency.id, [])))
    return rows


def create_agency(actor, values: AgencyValues) -> Agency:
    """Add an agency or unit; raises ``Invalid`` naming the fields at fault (nothing is saved)."""
    clean, errors = _checked(None, values)
    code = (values.code or "").strip().lower()
    if not CODE_PATTERN.match(code):
        errors["code"] = _l("Kode: 2-40 huruf kecil, angka atau tanda hubung, misalnya pkm-baru.")
    elif db.session.execute(select(Agency.id).where(Agency.code == code)).first() is not None:
        errors["code"] = _l("Kode ini sudah dipakai instansi lain.")
    if errors:
        raise Invalid(_l("Periksa kembali isian yang ditandai."), errors)
    agency = Agency(code=code, **clean)
    db.session.add(agency)
    db.session.flush()
    record("create", "agency", agency.code, staff=actor, after=snapshot(agency, AUDITED_FIELDS), detail=agency.name)
    return agency


def update_agency(actor, agency: Agency, values: AgencyValues) -> bool:
    """Change an agency; True when something changed. Raises ``Invalid`` by field (a cycle, a
    health unit leaving the care tree, a bad phone or email, a switch-off something still needs)."""
    clean, errors = _checked(agency, values)
    if agency.active and not clean["active"]:
        blockers = deactivation_blockers(agency)
        if blockers:
            errors["active"] = " ".join(str(reason) for reason in blockers)
    if errors:
        raise Invalid(_l("Periksa kembali isian yang ditandai."), errors)
    before = snapshot(agency, AUDITED_FIELDS)
    for name, value in clean.items():
        setattr(agency, name, value)
    db.session.flush()
    old, new = changes(before, snapshot(agency, AUDITED_FIELDS))
    if not old and not new:
        return False
    record("update", "agency", agency.code, staff=actor, before=old, after=new, detail=agency.name)
    return True


def deactivation_blockers(agency: Agency) -> list[object]:
    """Why the agency cannot be switched off now (empty: it can), in words for the admin."""
    reasons: list[object] = []
    open_count = db.session.execute(
        select(func.count(Ticket.id)).where(Ticket.agency_id == agency.id, Ticket.status.in_(lifecycle.OPEN_STATES))
    ).scalar_one()
    if open_count:
        reasons.append(
            _l(
                "Masih ada %(num)d laporan terbuka di instansi ini: teruskan atau selesaikan dahulu.",
                num=open_count,
            )
        )
    routing = sorted(str(module.name) for module in enabled_modules().values() if agency.code in module.agency_codes())
    if routing:
        reasons.append(
            _l(
                "Layanan %(modules)s mengarahkan laporan atau peringatan ke instansi ini "
                "(kategori atau instansi bawaan).",
                modules=", ".join(routing),
            )
        )
    desa_count = db.session.execute(
        select(func.count(WorkingArea.id)).where(WorkingArea.agency_id == agency.id)
    ).scalar_one()
    if desa_count:
        reasons.append(
            _l(
                "Instansi ini melayani %(num)d desa di wilayah kerja: pindahkan desanya ke unit lain dahulu.",
                num=desa_count,
            )
        )
    return reasons


def desa_served(agency: Agency) -> list[WorkingArea]:
    """The working area of a unit: the desa it serves, by code."""
    return list(
        db.session.execute(
            select(WorkingArea).where(WorkingArea.agency_id == agency.id).order_by(WorkingArea.desa_code)
        ).scalars()
    )


def care_roots() -> list[Agency]:
    """The roots of the care trees of the enabled modules (Dinas Kesehatan)."""
    codes = {module.care_root for module in enabled_modules().values() if module.care_root}
    if not codes:
        return []
    return list(db.session.execute(select(Agency).where(Agency.code.in_(codes))).scalars())


def _checked(agency: Agency | None, values: AgencyValues) -> tuple[dict, dict]:
    """The values to store, and the errors by field."""
    errors: dict[str, object] = {}
    # Agency names are published (/statistik/instansi): a NIK typed into one is masked.
    name = redact_nik(" ".join((values.name or "").split()))
    short_name = redact_nik(" ".join((values.short_name or "").split()))
    if not name or len(name) > 200:
        errors["name"] = _l("Tulis nama instansi (paling panjang 200 karakter).")
    if not short_name or len(short_name) > 80:
        errors["short_name"] = _l("Tulis nama singkat (paling panjang 80 karakter).")
    if values.kind not in KINDS:
        errors["kind"] = _l("Pilih jenis instansi.")
    parent = db.session.get(Agency, values.parent_id) if values.parent_id else None
    if values.parent_id and parent is None:
        errors["parent_id"] = _l("Instansi induk tidak dikenal.")
    elif parent is not None and agency is not None and parent.id in agency.subtree_ids():
        errors["parent_id"] = _l("Instansi induk tidak boleh instansi ini sendiri atau salah satu unitnya.")
    else:
        health = _care_tree_error(agency, parent, values.kind)
        if health is not None:
            errors["parent_id"] = health
    kecamatan = (values.kecamatan_code or "").strip() or None
    if kecamatan is not None and kecamatan not in {k.code for k in reference.kecamatan_list()}:
        errors["kecamatan_code"] = _l("Pilih kecamatan dari daftar.")
    phone = None
    if (values.phone or "").strip():
        try:
            phone = to_e164(values.phone or "")
        except PhoneError as error:
            errors["phone"] = str(error)
    email = None
    if (values.email or "").strip():
        try:
            email = normalise_email(values.email)
        except EmailError as error:
            errors["email"] = error.message
    clean = {
        "name": name,
        "short_name": short_name,
        "kind": values.kind,
        "parent_id": parent.id if parent is not None else None,
        "kecamatan_code": kecamatan,
        "phone": phone,
        "email": email,
        "active": bool(values.active),
    }
    return clean, errors


def _care_tree_error(agency: Agency | None, parent: Agency | None, kind: str):
    """Health data never leaves the care tree: a unit inside it stays inside, and a puskesmas or
    hospital is always inside. None when the parent is allowed."""
    for root in care_roots():
        if agency is not None and agency.id == root.id:
            # The care root stays at the top: every agency above a ticket's holder may see it
            # (suite.ticketing.access), so a parent above Dinas Kesehatan would read its sensitive
            # tickets (found in review).
            if parent is not None:
                return _l(
                    "%(root)s tetap instansi utama: laporan kesehatannya tidak boleh terbaca instansi lain.",
                    root=root.name,
                )
            continue
        inside_now = agency is not None and agency.is_within(root.code)
        inside_then = parent is not None and parent.is_within(root.code)
        if inside_now and not inside_then:
            return _l("Unit %(root)s tetap di bawah %(root)s: laporan kesehatannya tidak boleh keluar.", root=root.name)
        if kind in HEALTH_KINDS and not inside_then:
            return _l("Puskesmas dan rumah sakit berada di bawah %(root)s.", root=root.name)
    return None
