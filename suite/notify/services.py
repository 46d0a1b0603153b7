"""Write notifications in the same transaction as the change that causes them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select, update

from suite.database import utcnow
from suite.extensions import db
from suite.identity.directory import active_staff_ids
from suite.notify.models import Notification
from suite.privacy.redaction import redact_nik  # notifications quote reasons and replies (issue 9)


def notify_staff(staff_ids, ticket, kind: str, body: str) -> None:
    for staff_id in sorted(set(staff_ids)):
        db.session.add(
            Notification(
                recipient_type="staff", recipient_id=staff_id, ticket_id=ticket.id, kind=kind, body=redact_nik(body)
            )
        )


def notify_staff_many(notices: Iterable[tuple[Iterable[int], int, str, str]]) -> int:
    """``notify_staff`` for many tickets at once (the sweep): each notice is (staff ids, ticket id,
    kind, body); written as multi-row INSERTs, a thousand rows each, without an object per row.
    Returns how many were written."""
    rows = [
        {"recipient_type": "staff", "recipient_id": staff_id, "ticket_id": ticket_id, "kind": kind, "body": text}
        for staff_ids, ticket_id, kind, body in notices
        for text in [redact_nik(body)]
        for staff_id in sorted(set(staff_ids))
    ]
    for start in range(0, len(rows), 1000):
        db.session.execute(insert(Notification), rows[start : start + 1000])
    return len(rows)


def page_agency(agency_ids, ticket, kind: str, body: str, roles=None) -> None:
    """Tell the active staff of the agencies (optionally only these roles), in the app."""
    notify_staff(active_staff_ids(agency_ids, roles), ticket, kind, body)


def notify_citizen(citizen_id: int | None, ticket, kind: str, body: str) -> None:
    if citizen_id is not None:
        db.session.add(
            Notification(
                recipient_type="citizen", recipient_id=citizen_id, ticket_id=ticket.id, kind=kind, body=redact_nik(body)
            )
        )


def unread_for(recipient_type: str, recipient_id: int, limit: int = 50) -> list[Notification]:
    return list(
        db.session.execute(
            select(Notification)
            .where(
                Notification.recipient_type == recipient_type,
                Notification.recipient_id == recipient_id,
                Notification.read_at.is_(None),
            )
            .order_by(Notification.id.desc())
            .limit(limit)
        ).scalars()
    )


def mark_read(recipient_type: str, recipient_id: int) -> None:
    db.session.execute(
        update(Notification)
        .where(
            Notification.recipient_type == recipient_type,
            Notification.recipient_id == recipient_id,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
