"""Who may see a mother's record: health staff of her area, and Dinkes supervisors. Every
read is written to the audit log."""

from __future__ import annotations

from flask import abort

from suite.audit.services import record_read

HEALTH_ROOT = "dinkes"


def is_health_staff(staff) -> bool:
    return staff.agency is not None and staff.agency.is_within(HEALTH_ROOT)


def scope_of(staff) -> set[int]:
    """Agencies whose mothers this staff member may see (empty when none)."""
    if not getattr(staff, "is_staff", False) or not staff.active or not is_health_staff(staff):
        return set()
    if staff.module_codes and "babhar" not in staff.module_codes:
        return set()  # health staff kept to other modules (e.g. e-Sehat only) see no mothers
    if staff.agency.kind == "puskesmas" or staff.role in ("supervisor", "admin"):
        return staff.agency.subtree_ids()
    return set()  # an office officer of Dinkes without a supervisor's role: no case records


def can_see(staff, pregnancy) -> bool:
    return pregnancy.agency_id in scope_of(staff)


def read_pregnancy(staff, pregnancy, what: str = "record"):
    """Refuse (403) or audit the read and go on."""
    if not can_see(staff, pregnancy):
        abort(403)
    record_read("pregnancy", pregnancy.id, staff=staff, detail=what)
    return pregnancy
