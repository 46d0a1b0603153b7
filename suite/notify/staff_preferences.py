"""How staff hear of new, assigned and escalated tickets outside the app (issue 12, item 3).

Each staff member picks, per event, any of email, WhatsApp and SMS; the app (the queue, and the
escalation notices the sweep writes) is always on. Nobody chooses by default: the app only.
Urgent alerts (``suite.notify.alerts``) are another path and are not touched by these choices.
Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, select

from suite.audit.services import record
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.models import Staff
from suite.notify import message_texts
from suite.notify.models import OutboxMessage, StaffNotificationPreference
from suite.notify.outbox import enqueue
from suite.registry import get_module
from suite.web_links import absolute_url

EVENTS = ("new_ticket", "assigned", "escalated")
CHANNELS = ("email", "whatsapp", "sms")
EVENT_LABELS = {
    "new_ticket": _l("Laporan baru di instansi dan layanan saya"),
    "assigned": _l("Tiket ditugaskan kepada saya"),
    "escalated": _l("Tiket melewati target (eskalasi)"),
}
CHANNEL_LABELS = {"email": _l("Email"), "whatsapp": _l("WhatsApp"), "sms": _l("SMS")}
MESSAGE_KEYS = {"new_ticket": "staff_new_ticket", "assigned": "staff_assigned", "escalated": "staff_escalated"}
SUBJECTS = {
    "new_ticket": _l("Laporan baru"),
    "assigned": _l("Tiket ditugaskan kepada Anda"),
    "escalated": _l("Tiket melewati target"),
}


def events_for(staff: Staff) -> tuple[str, ...]:
    """New tickets are the supervisors' to watch; officers hear of their own work."""
    return EVENTS if staff.role in Staff.SUPERVISING else tuple(e for e in EVENTS if e != "new_ticket")


def chose_any_channel(event: str) -> ColumnElement[bool]:
    """A condition on ``Staff``: has a choice stored for ``event`` (perhaps an empty one, which
    ``tell_staff`` then skips). Lets a listener ask for only the people who may want a message, in
    the query that finds them (issue 13: a new ticket read the supervisors, the agency tree and
    their choices, three statements, to tell nobody in the usual case)."""
    return (
        select(StaffNotificationPreference.id)
        .where(StaffNotificationPreference.staff_id == Staff.id, StaffNotificationPreference.event == event)
        .exists()
    )


def preferences_of(staff_id: int) -> dict[str, list[str]]:
    """{event: channels} for every event (an empty list: the app only)."""
    chosen: dict[str, list[str]] = {event: [] for event in EVENTS}
    rows = db.session.execute(
        select(StaffNotificationPreference).where(StaffNotificationPreference.staff_id == staff_id)
    ).scalars()
    for row in rows:
        if row.event in chosen:
            chosen[row.event] = [c for c in CHANNELS if c in (row.channels or [])]
    return chosen


def set_preferences(staff: Staff, wanted: dict[str, Iterable[str]]) -> bool:
    """Store the staff member's choices (unknown events and channels ignored); refused, storing
    nothing, when SMS or WhatsApp is chosen without a phone. Audited; False when nothing changed."""
    events = events_for(staff)
    after = {event: [c for c in CHANNELS if c in set(wanted.get(event, ()))] for event in events}
    if not staff.phone:
        errors = {
            event: _l("Isi nomor HP di atas lebih dulu untuk menerima SMS atau WhatsApp.")
            for event, channels in after.items()
            if {"sms", "whatsapp"} & set(channels)
        }
        if errors:
            raise Invalid(next(iter(errors.values())), errors)
    before = {event: channels for event, channels in preferences_of(staff.id).items() if event in events}
    if before == after:
        return False
    rows = {
        row.event: row
        for row in db.session.execute(
            select(StaffNotificationPreference).where(StaffNotificationPreference.staff_id == staff.id)
        ).scalars()
    }
    for event, channels in after.items():
        if event in rows:
            rows[event].channels = channels
        else:
            db.session.add(StaffNotificationPreference(staff_id=staff.id, event=event, channels=channels))
    db.session.flush()
    record("update", "staff_notification_preferences", staff.id, staff=staff, before=before, after=after)
    return True


def tell_staff(people: Iterable[Staff], event: str, ticket, **values: Any) -> list[OutboxMessage]:
    """Queue the event's message to each person on the channels they chose, once per channel.

    Inactive and off-duty staff get nothing. The message names the ticket's code, its module's
    display name and the link to the staff ticket page, never a NIK or a citizen's words."""
    people = [p for p in {p.id: p for p in people}.values() if p.active and p.on_duty]
    if not people:
        return []
    preloaded = _batch.get()
    if preloaded is not None and preloaded[0] == event and {p.id for p in people} <= preloaded[1].keys():
        chosen = {p.id: preloaded[1][p.id] for p in people}
    else:
        chosen = _choices([p.id for p in people], event)
    written: list[OutboxMessage] = []
    if not any(chosen.values()):
        return written
    module = get_module(ticket.module)
    with force_locale("id"):
        text = message_texts.render(
            MESSAGE_KEYS[event],
            code=ticket.code,
            module=str(module.name) if module is not None else ticket.module,
            link=staff_ticket_link(ticket),
            **values,
        )
        subject = f"[{ticket.code}] {SUBJECTS[event]}"
    for person in people:
        for channel in [c for c in CHANNELS if c in chosen.get(person.id, [])]:
            address = person.email if channel == "email" else person.phone
            if not address:
                continue
            message = enqueue(channel, address, text, subject=subject if channel == "email" else None, ticket=ticket)
            message.purpose, message.staff_id = f"staff_{event}"[:20], person.id
            written.append(message)
    if preloaded is None:
        db.session.flush()
    return written


def _choices(staff_ids: Iterable[int], event: str) -> dict[int, list[str]]:
    """{staff id: channels chosen for ``event``}; everyone asked is a key (an empty list: the app only)."""
    chosen: dict[int, list[str]] = {staff_id: [] for staff_id in staff_ids}
    ids = sorted(chosen)
    for start in range(0, len(ids), 1000):  # far below PostgreSQL's 65,535 parameters
        for row in db.session.execute(
            select(StaffNotificationPreference).where(
                StaffNotificationPreference.staff_id.in_(ids[start : start + 1000]),
                StaffNotificationPreference.event == event,
            )
        ).scalars():
            chosen[row.staff_id] = row.channels or []
    return chosen


# (event, choices) while a ``batch`` runs: tell_staff reads them instead of querying per ticket.
_batch: ContextVar[tuple[str, dict[int, list[str]]] | None] = ContextVar("staff_preferences_batch", default=None)


@contextmanager
def batch(event: str, staff_ids: Iterable[int]) -> Iterator[None]:
    """Tell many tickets' staff of ``event`` at once (the sweep): their choices and the message
    texts are read once for the block, and what it queues is flushed once, at its end."""
    token = _batch.set((event, _choices(staff_ids, event)))
    try:
        with message_texts.remembered():
            yield
        db.session.flush()
    finally:
        _batch.reset(token)


def staff_ticket_link(ticket) -> str:
    """The staff page of the ticket: absolute under ``PUBLIC_URL`` or the request's host, else its
    path (a sweep run from cron has no request to take a host from)."""
    return absolute_url("staff.ticket", code=ticket.code)
