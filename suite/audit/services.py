"""Recording access to personal data. Entries are written with the request's own transaction
when it writes, or in a short transaction of their own for reads.

Each entry says who (staff or citizen), when, what (action, resource, a short detail) and from
where (the request's address, when there is a request): what a breach report needs.
"""

from __future__ import annotations

from flask import has_request_context, request

from suite.database import begin_write
from suite.extensions import db
from suite.audit.models import AuditEntry


def record(action: str, resource_type: str, resource_id, staff=None, citizen=None, detail: str | None = None) -> None:
    db.session.add(_entry(action, resource_type, resource_id, getattr(staff, "id", None),
                          getattr(citizen, "id", None), detail))


def record_read(resource_type: str, resource_id, staff=None, citizen=None, detail: str | None = None) -> None:
    """Audit a read in its own committed write, so the trail survives whatever the page does next."""
    staff_id, citizen_id = getattr(staff, "id", None), getattr(citizen, "id", None)
    begin_write()
    db.session.add(_entry("read", resource_type, resource_id, staff_id, citizen_id, detail))
    db.session.commit()


def _entry(action, resource_type, resource_id, staff_id, citizen_id, detail) -> AuditEntry:
    return AuditEntry(action=action, resource_type=resource_type, resource_id=str(resource_id),
                      staff_id=staff_id, citizen_id=citizen_id, detail=(detail or "")[:200] or None,
                      ip_address=_client_address())


def _client_address() -> str | None:
    # The address the app sees: behind a reverse proxy, configure ProxyFix so this is the client's.
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:45] or None
