"""Urgent alerts: a danger sign, an ambulance request, a measurement alarm. They must reach a
person who can act, off-screen, in the same transaction as the ticket, and never go to nobody.

Whom to tell is the caller's (a module's) knowledge; this file only guarantees the delivery rule:
1. the named people (e.g. the village midwife) and every on-duty staff member of the unit who has
   a phone, plus the unit's duty phone, each get a message through the outbox;
2. when none of them can be reached by a message, the escalation agencies are told at once
   (their on-duty people with a phone and their duty phones);
3. everyone concerned also gets an in-app notification.
What was written is what pages show: ``alerts_for(ticket)`` reads it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from suite.extensions import db
from suite.identity.directory import active_staff, supervisors
from suite.identity.models import Agency, Staff
from suite.notify.models import Notification, OutboxMessage
from suite.notify.outbox import enqueue
from suite.notify.services import notify_staff

ALERT = "alert"


@dataclass
class Escalation:
    """An agency told when the unit cannot be reached; ``supervisors_only`` for an office such as
    Dinkes (its duty supervisors), false for a command centre (everyone on duty)."""

    agency: Agency
    label: str
    supervisors_only: bool = True


@dataclass
class AlertReport:
    messages: list[OutboxMessage] = field(default_factory=list)
    in_app: int = 0
    escalated: bool = False


def send_alert(
    ticket,
    text: str,
    *,
    unit: Agency,
    kind: str,
    named: Sequence[tuple[Staff, str]] = (),
    escalations: Sequence[Escalation] = (),
    also: Sequence[Escalation] = (),
) -> AlertReport:
    """Write the alert's messages and notifications; flush, never commit.

    ``named``: (staff, label) told first, e.g. (midwife, "Bidan desa"). ``escalations``: told only
    when no message could be written to the unit. ``also``: told every time (an ambulance request
    always pages the command centre)."""
    report = AlertReport()
    sent_to: set[str] = set()
    unit_staff = active_staff([unit.id])
    for person, label in named:
        _message_staff(ticket, text, person, label, report, sent_to)
    with force_locale("id"):
        for person in unit_staff:
            _message_staff(ticket, text, person, _("Petugas jaga %(unit)s", unit=unit.short_name), report, sent_to)
        if unit.phone:
            _message_phone(ticket, text, unit.phone, _("Nomor jaga %(unit)s", unit=unit.short_name), report, sent_to)
    in_app = {p.id for p, _label in named if p.active} | {p.id for p in unit_staff}
    others = list(also)
    if not report.messages:
        report.escalated = True
        others = list(escalations) + others
    for escalation in others:
        agency_ids = [escalation.agency.id]
        people = supervisors(agency_ids) if escalation.supervisors_only else active_staff(agency_ids)
        for person in people:
            _message_staff(ticket, text, person, escalation.label, report, sent_to)
        if escalation.agency.phone:
            with force_locale("id"):
                label = _("Nomor jaga %(unit)s", unit=escalation.agency.short_name)
            _message_phone(ticket, text, escalation.agency.phone, label, report, sent_to)
        in_app |= {p.id for p in people}
    notify_staff(in_app, ticket, kind, text)
    report.in_app = len(in_app)
    db.session.flush()
    return report


def alerts_for(ticket_id: int, kinds: tuple[str, ...]) -> list[dict]:
    """Who was told about a ticket and how, from the rows actually written (oldest first):
    [{"label", "channel", "status"}] for messages, and one row for the in-app notifications of the
    alert ``kinds`` (later notices about the ticket, such as a forward, are not alerts)."""
    rows = (
        db.session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.ticket_id == ticket_id, OutboxMessage.purpose == ALERT)
            .order_by(OutboxMessage.id)
        )
        .scalars()
        .all()
    )
    told: list[dict[str, Any]] = [{"label": m.recipient_label, "channel": m.channel, "status": m.status} for m in rows]
    in_app = (
        db.session.execute(
            select(Notification.recipient_id).where(
                Notification.ticket_id == ticket_id,
                Notification.recipient_type == "staff",
                Notification.kind.in_(kinds),
            )
        )
        .scalars()
        .all()
    )
    if in_app:
        told.append({"label": None, "channel": "app", "status": "sent", "count": len(set(in_app))})
    return told


def _message_staff(ticket, text, person: Staff, label: str, report: AlertReport, sent_to: set[str]) -> None:
    route = person.alert_route
    if route is None or route[1] in sent_to:
        return
    message = enqueue(route[0], route[1], text, ticket=ticket)
    message.purpose, message.recipient_label, message.staff_id = ALERT, label[:160], person.id
    sent_to.add(route[1])
    report.messages.append(message)


def _message_phone(ticket, text, phone: str, label: str, report: AlertReport, sent_to: set[str]) -> None:
    if phone in sent_to:
        return
    message = enqueue("sms", phone, text, ticket=ticket)
    message.purpose, message.recipient_label = ALERT, label[:160]
    sent_to.add(phone)
    report.messages.append(message)
