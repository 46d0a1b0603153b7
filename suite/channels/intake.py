"""The one way a channel adapter (the web forms and the kiosk included) opens or comments on a
ticket: a write transaction around the ticketing service, committed once, rolled back whole
(files included) on any failure."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.database import write_transaction
from suite.errors import NotFound
from suite.extensions import db
from suite.registry import ServiceModule, enabled_modules, get_module
from suite.ticketing import attachments
from suite.ticketing.codes import normalise_code
from suite.ticketing.draft import TicketDraft
from suite.ticketing.models import Ticket
from suite.ticketing.services import OpenResult, comment_as_citizen, open_ticket


def module_for_keyword(word: str) -> ServiceModule | None:
    """``LORONG`` -> e-Lorong: the keyword a basic phone user types first."""
    word = (word or "").strip().upper()
    for module in enabled_modules().values():
        if word in module.sms_keywords():
            return module
    return None


def open_via_channel(
    module_code: str,
    citizen,
    draft: TicketDraft,
    channel: str,
    uploads: list[attachments.Upload] | None = None,
    idempotency_key: str | None = None,
    caller: str | None = None,
    present: Callable[[OpenResult], None] | None = None,
) -> OpenResult:
    """Open the ticket in one write transaction. ``present`` runs before the commit, while the rows
    just written are still loaded: a channel that answers with the ticket reads it from memory
    there instead of reading back, after the commit expired them, what it has just written."""
    module = get_module(module_code)
    if module is None:
        raise NotFound(_l("Layanan tidak dikenal."), {"module": _l("Layanan tidak dikenal.")})
    with write_transaction():  # its rollback also deletes the files the ticket stored
        if citizen is not None:
            citizen = db.session.merge(citizen)
        result = open_ticket(
            module, citizen, draft, uploads or [], channel=channel, idempotency_key=idempotency_key, caller=caller
        )
        if present is not None:
            present(result)
        return result


def comment_via_channel(code: str, citizen, body: str) -> Ticket:
    with write_transaction():
        ticket = ticket_by_code(code)
        if ticket is None:
            raise NotFound(_l("Tiket tidak ditemukan."))
        return comment_as_citizen(ticket.id, db.session.merge(citizen), body)


def ticket_by_code(code: str) -> Ticket | None:
    return db.session.execute(select(Ticket).where(Ticket.code == normalise_code(code))).scalar_one_or_none()
