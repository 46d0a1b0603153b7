"""Who among staff may see and act on which ticket.

Health tickets (modules with a ``care_root``, e.g. e-Babhar and e-Sehat under Dinas Kesehatan)
never leave their care tree: only staff inside it see them, an officer only those of their own
unit, a supervisor or admin those of their unit and the units below it. Regency-wide staff (the
command centre, admins without an agency) see counts elsewhere, never the tickets.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, false, or_, select

from suite.errors import Forbidden
from suite.identity.directory import care_agency_ids
from suite.identity.models import Staff
from suite.registry import ServiceModule, get_module
from suite.ticketing.models import Ticket

CALL_CENTRE_KIND = "pusat_layanan"  # Agency.kind of the call centre (Command Center 112)
SUPERVISING = Staff.SUPERVISING


class AccessDenied(Forbidden):
    """The ticket is not this person's to see or change."""

    def __init__(self):
        super().__init__(_l("Anda tidak berwenang atas tiket ini."))


def _agency_scope(staff: Staff) -> set[int] | None:
    """Agency ids the staff member covers; None means regency-wide."""
    if staff.agency is None:
        return None
    return staff.agency.subtree_ids()


def inside_care_tree(staff: Staff, module: ServiceModule | None) -> bool:
    tree = care_agency_ids(module)
    return tree is None or (staff.agency_id is not None and staff.agency_id in tree)


def can_file_for_caller(staff: Staff, module: ServiceModule) -> bool:
    """The call centre files a health report only for staff of the care tree or of a call centre."""
    if not module.care_root or inside_care_tree(staff, module):
        return True
    return staff.agency is not None and staff.agency.kind == CALL_CENTRE_KIND


def can_view(staff: Staff, ticket: Ticket) -> bool:
    if not staff.active:
        return False
    if staff.module_codes and ticket.module not in staff.module_codes:
        return False
    scope = _agency_scope(staff)
    module = get_module(ticket.module)
    if module is not None and module.care_root:
        if scope is None or not inside_care_tree(staff, module):
            return False
        return ticket.agency_id == staff.agency_id or (staff.role in SUPERVISING and ticket.agency_id in scope)
    if ticket.sensitive or (module is not None and module.sensitive):
        # Health data outside a care tree: only staff of the responsible agency or of one above it.
        return scope is not None and ticket.agency_id in scope
    if scope is None:
        return staff.role in SUPERVISING
    return ticket.agency_id in scope


def can_act(staff: Staff, ticket: Ticket) -> bool:
    return can_view(staff, ticket)


def queue_filter(staff: Staff):
    """WHERE conditions selecting exactly the tickets ``can_view`` allows (inactive staff aside)."""
    conditions: list[ColumnElement[bool]] = []
    if staff.module_codes:
        conditions.append(Ticket.module.in_(staff.module_codes))
    scope = _agency_scope(staff)
    care_modules = [m for m in _modules().values() if m.care_root]
    if scope is None:
        if staff.role not in SUPERVISING:
            return conditions + [false()]
        secret = [m.code for m in _modules().values() if m.sensitive or m.care_root]
        if secret:
            conditions.append(Ticket.module.not_in(secret))
        conditions.append(Ticket.sensitive.is_(False))
        return conditions
    conditions.append(Ticket.agency_id.in_(scope))
    outside = [m.code for m in care_modules if not inside_care_tree(staff, m)]
    if outside:
        conditions.append(Ticket.module.not_in(outside))
    inside = [m.code for m in care_modules if inside_care_tree(staff, m)]
    if inside and staff.role not in SUPERVISING:
        # An officer sees their own unit's health tickets, not those of the units below it.
        conditions.append(or_(Ticket.module.not_in(inside), Ticket.agency_id == staff.agency_id))
    return conditions


def _modules():
    from suite.registry import enabled_modules

    return enabled_modules()


def assignable_staff(ticket: Ticket):
    agency = ticket.agency
    return (
        select(Staff)
        .where(Staff.active.is_(True), Staff.agency_id.in_(agency.subtree_ids() | {a.id for a in agency.ancestors()}))
        .order_by(Staff.full_name)
    )


def staff_scope_filter(staff: Staff):
    """Staff a supervisor may assign work to: their agency tree, or everyone when regency-wide."""
    scope = _agency_scope(staff)
    conditions = [Staff.active.is_(True)]
    if scope is not None:
        conditions.append(Staff.agency_id.in_(scope))
    return conditions
