"""Who works where: the one place that answers "the active staff of an agency".

Notifications, escalations, alerts and forwarding all ask this; none of them writes its own query.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import g
from sqlalchemy import ColumnElement, Select, bindparam, select

from suite.extensions import db
from suite.identity.models import Agency, Staff


def active_staff(
    agency_ids: Iterable[int], roles: Iterable[str] | None = None, *, by_name: bool = False
) -> list[Staff]:
    """Active staff of the given agencies (optionally only these roles), oldest account first, or
    alphabetically with ``by_name`` (for a page's pick list)."""
    statement = select(Staff).where(Staff.agency_id.in_(list(agency_ids)), Staff.active.is_(True))
    if roles is not None:
        statement = statement.where(Staff.role.in_(list(roles)))
    return list(db.session.execute(statement.order_by(Staff.full_name if by_name else Staff.id)).scalars())


def supervisors(agency_ids: Iterable[int]) -> list[Staff]:
    """Active supervisors and admins of the given agencies, oldest account first."""
    return active_staff(agency_ids, Staff.SUPERVISING)


def supervisors_statement(also: Iterable[ColumnElement[bool]] = ()) -> Select:
    """``supervisors``' query with the agency ids left to bind as ``agency_ids``: for a caller that
    asks on every request to build it once (issue 13: building it cost more CPU than running it)."""
    return (
        select(Staff)
        .where(
            Staff.agency_id.in_(bindparam("agency_ids", expanding=True)),
            Staff.active.is_(True),
            *also,
            Staff.role.in_(list(Staff.SUPERVISING)),
        )
        .order_by(Staff.id)
    )


def active_staff_ids(agency_ids: Iterable[int], roles: Iterable[str] | None = None) -> list[int]:
    return [person.id for person in active_staff(agency_ids, roles)]


def with_parents(agency: Agency) -> set[int]:
    """The agency and the agencies above it (Dinkes over a puskesmas): whose supervisors watch it."""
    return {agency.id} | {parent.id for parent in agency.ancestors()}


def care_agency_ids(module) -> set[int] | None:
    """Ids of the agencies that may hold a module's tickets (the subtree of its ``care_root``, e.g.
    Dinas Kesehatan and its units); None when any agency may."""
    if module is None or not module.care_root:
        return None
    cache = g.setdefault("care_trees", {})  # once per request or job: a queue page asks per module
    if module.care_root not in cache:
        root = db.session.execute(select(Agency).where(Agency.code == module.care_root)).scalar_one_or_none()
        # A care root missing from the agency list lets nobody in rather than everybody.
        cache[module.care_root] = root.subtree_ids() if root is not None else set()
    return cache[module.care_root]


def receiving_agency(agency: Agency | None) -> Agency | None:
    """The agency a new ticket routed to ``agency`` goes to: itself while active, else the nearest
    active agency above it (a switched-off puskesmas's tickets go to Dinkes); None when there is none.
    An inactive agency takes no new tickets (issue 12, item 3)."""
    while agency is not None and not agency.active:
        agency = agency.parent
    return agency
