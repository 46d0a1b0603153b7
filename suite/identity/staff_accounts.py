"""What an admin changes on a staff account (issue 12, item 3): role, agency, module scopes, the
call-centre duty, and switching it off and on. No request objects; functions flush, never commit.

Two rules keep the suite administrable: an admin never switches off or demotes their own account,
and the last active admin is never switched off or demoted. Every change is audited with the values
before and after (never a password or a token); switching an account off ends its sessions at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.audit.changes import changes, snapshot
from suite.audit.services import record
from suite.errors import Conflict, Invalid
from suite.extensions import db
from suite.identity.models import Agency, Staff
from suite.identity.sessions import end_all_sessions

AUDITED_FIELDS = ("role", "agency_id", "module_codes", "call_centre", "active")
ROLE_LABELS = {"officer": _l("Petugas"), "supervisor": _l("Supervisor"), "admin": _l("Admin")}


def check_assignment(
    role: str, agency: Agency | None, module_codes: Iterable[str], installed: Iterable[str], *, keep_agency_id=None
) -> dict:
    """Errors (by form field) of a role, agency and module scopes; empty when all is well.

    An officer works for one agency (regency-wide is for supervisors and admins); a new assignment
    goes to an active agency only (``keep_agency_id``: the one the account already has may stay)."""
    errors: dict[str, object] = {}
    if role not in Staff.ROLES:
        errors["role"] = _l("Pilih peran.")
    if agency is None and role == "officer":
        errors["agency_id"] = _l(
            "Petugas harus bertugas di satu instansi; tingkat kabupaten hanya untuk supervisor dan admin."
        )
    elif agency is not None and not agency.active and agency.id != keep_agency_id:
        errors["agency_id"] = _l("Instansi ini nonaktif.")
    unknown = sorted(set(module_codes) - set(installed))
    if unknown:
        errors["module_codes"] = _l("Layanan tidak dikenal: %(codes)s.", codes=", ".join(unknown))
    return errors


def active_admin_count() -> int:
    """Active admins, their rows locked till the commit: two admins removing each other at the same
    moment on PostgreSQL must not both pass the "not the last one" check (SQLite writes one at a time)."""
    ids = db.session.execute(
        select(Staff.id).where(Staff.role == "admin", Staff.active.is_(True)).with_for_update()
    ).scalars()
    return len(list(ids))


def update_staff(
    actor: Staff,
    staff: Staff,
    *,
    role: str,
    agency: Agency | None,
    module_codes: list[str],
    call_centre: bool,
    installed: Iterable[str],
) -> bool:
    """Change what an account may do; True when something changed. Raises ``Invalid`` (by field),
    ``Conflict`` (an admin demoting themselves, or the last admin)."""
    errors = check_assignment(role, agency, module_codes, installed, keep_agency_id=staff.agency_id)
    if errors:
        raise Invalid(_l("Periksa kembali isian yang ditandai."), errors)
    if staff.role == "admin" and role != "admin":
        if staff.id == actor.id:
            raise Conflict(
                _l("Anda tidak dapat menurunkan peran akun Anda sendiri."), {"role": _l("Minta admin lain.")}
            )
        _refuse_last_admin(staff)
    before = snapshot(staff, AUDITED_FIELDS)
    staff.role, staff.agency_id = role, agency.id if agency is not None else None
    staff.module_codes = sorted(set(module_codes)) or None
    staff.call_centre = call_centre
    db.session.flush()
    old, new = changes(before, snapshot(staff, AUDITED_FIELDS))
    if not new and not old:
        return False
    record("update", "staff", staff.id, staff=actor, before=old, after=new, detail=staff.email)
    return True


def set_active(actor: Staff, staff: Staff, active: bool) -> int:
    """Switch an account off (every session of it ends now) or on again; returns the sessions ended.

    Raises ``Conflict`` for an admin's own account and for the last active admin."""
    if staff.active == active:
        return 0
    if not active:
        if staff.id == actor.id:
            raise Conflict(_l("Anda tidak dapat menonaktifkan akun Anda sendiri."))
        if staff.role == "admin":
            _refuse_last_admin(staff)
    before = snapshot(staff, AUDITED_FIELDS)
    staff.active = active
    ended = 0 if active else end_all_sessions(staff)
    db.session.flush()
    old, new = changes(before, snapshot(staff, AUDITED_FIELDS))
    action = "staff_reactivated" if active else "staff_deactivated"
    detail = staff.email if active else f"{staff.email}; {ended} session(s) ended"
    record(action, "staff", staff.id, staff=actor, before=old, after=new, detail=detail)
    return ended


def _refuse_last_admin(staff: Staff) -> None:
    if staff.active and active_admin_count() <= 1:
        raise Conflict(
            _l("Ini admin aktif terakhir. Jadikan akun lain admin terlebih dahulu."),
            {"role": _l("Admin aktif terakhir.")},
        )
