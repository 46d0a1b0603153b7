"""Who among staff may see and act on which ticket."""

from __future__ import annotations

from sqlalchemy import false, select

from suite.identity.models import Agency, Staff
from suite.registry import get_module
from suite.ticketing.models import Ticket


def _agency_scope(staff: Staff) -> set[int] | None:
    """Agency ids the staff member covers; None means regency-wide."""
    if staff.agency is None:
        return None
    return staff.agency.subtree_ids()


def can_view(staff: Staff, ticket: Ticket) -> bool:
    if not staff.active:
        return False
    if staff.module_codes and ticket.module not in staff.module_codes:
        return False
    scope = _agency_scope(staff)
    module = get_module(ticket.module)
    if module is not None and module.sensitive:
        # Health data: only staff of the responsible agency or of an agency above it.
        return scope is not None and ticket.agency_id in scope
    if scope is None:
        return staff.role in ("supervisor", "admin")
    return ticket.agency_id in scope


def can_act(staff: Staff, ticket: Ticket) -> bool:
    return can_view(staff, ticket)


def queue_filter(staff: Staff):
    """A WHERE clause selecting the tickets in this staff member's queue."""
    conditions = []
    if staff.module_codes:
        conditions.append(Ticket.module.in_(staff.module_codes))
    scope = _agency_scope(staff)
    if scope is not None:
        conditions.append(Ticket.agency_id.in_(scope))
    elif staff.role not in ("supervisor", "admin"):
        conditions.append(false())
    else:
        sensitive = [code for code, m in _modules().items() if m.sensitive]
        if sensitive:
            conditions.append(Ticket.module.not_in(sensitive))
    return conditions


def _modules():
    from suite.registry import enabled_modules

    return enabled_modules()


def assignable_staff(ticket: Ticket):
    agency = ticket.agency
    return select(Staff).where(Staff.active.is_(True), Staff.agency_id.in_(agency.subtree_ids() | {
        a.id for a in _ancestors(agency)})).order_by(Staff.full_name)


def _ancestors(agency: Agency) -> list[Agency]:
    chain, node = [], agency.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def staff_scope_filter(staff: Staff):
    """Staff a supervisor may assign work to: their agency tree, or everyone when regency-wide."""
    scope = _agency_scope(staff)
    conditions = [Staff.active.is_(True)]
    if scope is not None:
        conditions.append(Staff.agency_id.in_(scope))
    return conditions
