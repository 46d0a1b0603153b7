"""An agency's reply templates: ready texts its officers pick when they answer a ticket.

Each agency keeps its own; a template may be meant for one status only. Services flush, never commit.
"""

from __future__ import annotations

from typing import Any

from suite.audit.changes import snapshot
from suite.audit.services import record
from suite.extensions import db
from suite.ticketing.models import ResponseTemplate

TEMPLATE_FIELDS = ("agency_id", "title", "status", "body", "active")  # what the audit log keeps of a new one


def create_template(actor: Any, title: str, status: str | None, body: str) -> ResponseTemplate:
    """Add a template to the actor's agency (surrounding spaces trimmed, an empty status meaning any)."""
    row = ResponseTemplate(agency_id=actor.agency_id, title=title.strip(), status=status or None, body=body.strip())
    db.session.add(row)
    db.session.flush()
    record(
        "create",
        "response_template",
        row.id,
        staff=actor,
        detail=row.title[:200],
        after=snapshot(row, TEMPLATE_FIELDS),
    )
    return row


def toggle_template(actor: Any, row: ResponseTemplate) -> None:
    """Switch a template off (officers no longer see it) or back on; audited with both values."""
    row.active = not row.active
    record(
        "update",
        "response_template",
        row.id,
        staff=actor,
        detail=row.title[:200],
        before={"active": not row.active},
        after={"active": row.active},
    )
