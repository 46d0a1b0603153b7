"""An agency's reply templates: ready texts its officers pick when they answer a ticket.

Each agency keeps its own; a template may be meant for one status only. Services flush, never commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from suite.audit.changes import snapshot
from suite.audit.services import record
from suite.extensions import db
from suite.ticketing.models import ResponseTemplate, Ticket


def templates_for(ticket: Ticket, actor: Any) -> list[ResponseTemplate]:
    """The active templates an officer may pick for this ticket now: its agency's and the officer's
    own agency's, meant for the ticket's status or for any, by title."""
    agency_ids = {ticket.agency_id} | ({actor.agency_id} if actor.agency_id else set())
    return list(
        db.session.execute(
            select(ResponseTemplate)
            .where(
                ResponseTemplate.agency_id.in_(agency_ids),
                ResponseTemplate.active.is_(True),
                or_(ResponseTemplate.status.is_(None), ResponseTemplate.status == ticket.status),
            )
            .order_by(ResponseTemplate.title)
        ).scalars()
    )


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
