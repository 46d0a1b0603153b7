"""Recording access to personal data and admin changes. Entries are written with the request's
own transaction when it writes, or in a short transaction of their own for reads.

Each entry says who (staff or citizen), when, what (action, resource, a short detail, and for
changes the values before and after) and from where (the request's address and user agent,
when there is a request): what a breach report needs. Entries are chained and cannot be
changed or deleted through the application (``suite.audit.chain``); record an entry after the
changes it describes, just before the commit, so the chain's lock is held briefly.
"""

from __future__ import annotations

from flask import has_request_context, request

from suite.audit.chain import mark_order
from suite.audit.models import AuditEntry
from suite.database import write_transaction
from suite.extensions import db

USER_AGENT_LENGTH = 200  # the column's size: enough to tell a browser, an app and a script apart


def record(
    action: str,
    resource_type: str,
    resource_id,
    staff=None,
    citizen=None,
    detail: str | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Add an entry to the caller's transaction. ``before``/``after`` are JSON-ready dicts
    (``suite.audit.changes`` makes them) of the values a change replaced and set."""
    db.session.add(
        _entry(
            action,
            resource_type,
            resource_id,
            getattr(staff, "id", None),
            getattr(citizen, "id", None),
            detail,
            before,
            after,
        )
    )


def record_read(
    resource_type: str, resource_id, staff=None, citizen=None, detail: str | None = None, action: str = "read"
) -> None:
    """Audit a read in its own committed write, so the trail survives whatever the page does next."""
    staff_id, citizen_id = getattr(staff, "id", None), getattr(citizen, "id", None)
    with write_transaction():
        db.session.add(_entry(action, resource_type, resource_id, staff_id, citizen_id, detail))


def _entry(action, resource_type, resource_id, staff_id, citizen_id, detail, before=None, after=None) -> AuditEntry:
    return mark_order(
        AuditEntry(
            action=action,
            resource_type=resource_type,
            resource_id=str(resource_id)[:40],
            staff_id=staff_id,
            citizen_id=citizen_id,
            detail=(detail or "")[:200] or None,
            before=before or None,
            after=after or None,
            ip_address=_client_address(),
            user_agent=_user_agent(),
        )
    )


def _client_address() -> str | None:
    # The address the app sees: behind a reverse proxy, configure ProxyFix so this is the client's.
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:45] or None


def _user_agent() -> str | None:
    if not has_request_context():
        return None
    return (request.headers.get("User-Agent") or "")[:USER_AGENT_LENGTH] or None
