"""Recording access to personal data. Entries are written with the request's own transaction
when it writes, or in a short transaction of their own for reads."""

from __future__ import annotations

from suite.database import begin_write
from suite.extensions import db
from suite.audit.models import AuditEntry


def record(action: str, resource_type: str, resource_id, staff=None, citizen=None, detail: str | None = None) -> None:
    db.session.add(AuditEntry(action=action, resource_type=resource_type, resource_id=str(resource_id),
                              staff_id=getattr(staff, "id", None), citizen_id=getattr(citizen, "id", None),
                              detail=(detail or "")[:200] or None))


def record_read(resource_type: str, resource_id, staff=None, citizen=None, detail: str | None = None) -> None:
    """Audit a read in its own committed write, so the trail survives whatever the page does next."""
    staff_id, citizen_id = getattr(staff, "id", None), getattr(citizen, "id", None)
    begin_write()
    db.session.add(AuditEntry(action="read", resource_type=resource_type, resource_id=str(resource_id),
                              staff_id=staff_id, citizen_id=citizen_id, detail=(detail or "")[:200] or None))
    db.session.commit()
