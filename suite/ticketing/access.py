"""Who among staff may see and act on which ticket.

Health tickets (modules with a ``care_root``, e.g. e-Babhar and e-Sehat under Dinas Kesehatan)
never leave their care tree: only staff inside it see them, an officer only those of their own
unit, a supervisor or admin those of their unit and the units below it. Regency-wide staff (the
command centre, admins without an agency) see counts elsewhere, never the tickets.

Seeing is not acting: an agency that forwarded a ticket away still reads and follows it (issue 11,
item 7), within the same health rules, but only the agency that holds it acts on it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, false, or_, select

from suite.errors import Forbidden
from suite.extensions import db
from suite.identity.directory import care_agency_ids
from suite.identity.models import Staff
from suite.registry import ServiceModule, get_module
from suite.ticketing.models import Ticket, TicketEvent

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
    """Staff see the tickets their agency holds, and, read-only, those it forwarded away."""
    return can_act(staff, ticket) or forwarded_by_their_agency(staff, ticket)


def can_act(staff: Staff, ticket: Ticket) -> bool:
    """Staff work on (reply, change status, assign, forward, merge, re-classify) the tickets their
    agency holds now, within the health rules."""
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


def forwarded_by_their_agency(staff: Staff, ticket: Ticket) -> bool:
    """The staff member's agency forwarded the ticket away at some time (issue 11, item 7): they
    follow it read-only. The health rules hold: only inside the care tree, an officer for their
    own unit's forwards, a supervisor for those of their unit and the units below it."""
    agencies = _forwarding_scope(staff, get_module(ticket.module))
    if not agencies or (staff.module_codes and ticket.module not in staff.module_codes):
        return False
    return bool(
        db.session.execute(
            select(TicketEvent.id)
            .where(
                TicketEvent.ticket_id == ticket.id,
                TicketEvent.kind == "forwarded",
                TicketEvent.previous_agency_id.in_(agencies),
            )
            .limit(1)
        ).first()
    )


def _forwarding_scope(staff: Staff, module: ServiceModule | None) -> set[int]:
    """Agencies whose forwards of a ticket of ``module`` the staff member follows."""
    if not staff.active or staff.agency is None:
        return set()  # regency-wide staff see what they may through the ordinary rules
    if module is not None and module.care_root:
        if not inside_care_tree(staff, module):
            return set()
        if staff.role not in SUPERVISING:
            return {staff.agency.id}
    return staff.agency.subtree_ids()


def queue_filter(staff: Staff):
    """WHERE conditions selecting exactly the tickets ``can_act`` allows (inactive staff aside)."""
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


def forwarded_filter(staff: Staff):
    """WHERE conditions selecting exactly the tickets ``forwarded_by_their_agency`` allows
    (inactive staff aside): "Diteruskan dari instansi kami", whoever holds them now."""
    if staff.agency is None:
        return [false()]
    conditions: list[ColumnElement[bool]] = []
    if staff.module_codes:
        conditions.append(Ticket.module.in_(staff.module_codes))
    care_modules = [m for m in _modules().values() if m.care_root]
    outside = [m.code for m in care_modules if not inside_care_tree(staff, m)]
    if outside:
        conditions.append(Ticket.module.not_in(outside))
    scope = staff.agency.subtree_ids()
    inside = [m.code for m in care_modules if inside_care_tree(staff, m)]
    if inside and staff.role not in SUPERVISING:
        conditions.append(
            or_(
                and_(Ticket.module.not_in(inside), _forwarded_from(scope)),
                and_(Ticket.module.in_(inside), _forwarded_from({staff.agency.id})),
            )
        )
    else:
        conditions.append(_forwarded_from(scope))
    return conditions


def _forwarded_from(agency_ids: set[int]) -> ColumnElement[bool]:
    forwarded = select(TicketEvent.ticket_id).where(
        TicketEvent.kind == "forwarded", TicketEvent.previous_agency_id.in_(agency_ids)
    )
    return Ticket.id.in_(forwarded)


def health_modules() -> list[str]:
    """Modules whose tickets are health data (they live in a care tree, or the module is secret):
    outside the health tree they are counted, never detailed (statistics, reports, the command
    centre)."""
    return [code for code, module in _modules().items() if module.care_root or module.sensitive]


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
