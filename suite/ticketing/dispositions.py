"""Moving tickets between agencies (disposisi) and merging duplicates."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.database import lock_row
from suite.errors import Conflict, Invalid
from suite.extensions import db
from suite.identity.models import Agency, Staff
from suite.privacy.redaction import redact_nik
from suite.registry import get_module
from suite.ticketing import access, lifecycle, signals, transitions
from suite.ticketing.models import Follower, Ticket, TicketEvent
from suite.ticketing.services import locked_for_staff
from suite.ticketing.timeline import record


def forward_ticket(ticket_id: int, staff: Staff, target: Agency | None, reason: str) -> Ticket:
    """Hand the ticket to another agency. It keeps its code and its clock; the citizen is told.

    A ticket that comes back to an agency it already left is flagged as ping-pong for the
    supervisors.
    """
    reason = (reason or "").strip()
    errors = {}
    if target is None:
        errors["agency"] = _l("Pilih instansi tujuan.")
    if len(reason) < 5:
        errors["reason"] = _l("Tuliskan alasan penerusan.")
    if errors or target is None:  # no target is always one of the errors
        raise Invalid(_l("Penerusan butuh instansi tujuan dan alasan."), errors)
    ticket = locked_for_staff(ticket_id, staff)
    if ticket.status not in lifecycle.OPEN_STATES:
        raise Conflict(_l("Hanya tiket yang masih terbuka yang dapat diteruskan."))
    if not target.active:  # issue 12, item 3: a switched-off agency is offered for no forward
        raise Invalid(_l("Instansi tujuan sudah nonaktif."), {"agency": _l("Pilih instansi lain.")})
    if target.id == ticket.agency_id:
        raise Invalid(_l("Tiket sudah berada di instansi itu."), {"agency": _l("Pilih instansi lain.")})
    return move_to_agency(ticket, staff, target, reason)


def move_to_agency(ticket: Ticket, staff: Staff, target: Agency, reason: str) -> Ticket:
    """Forward a ticket the caller has locked and checked (open, not at ``target`` yet), as a
    forward with its public reason on the chain; re-classification re-routes through here too."""
    care_tree = access.care_agency_ids(get_module(ticket.module))
    if care_tree is not None and target.id not in care_tree:
        # Health data never leaves the care tree (Dinas Kesehatan and its units).
        raise Invalid(
            _l("Laporan kesehatan hanya dapat diteruskan ke unit di bawah Dinas Kesehatan."),
            {"agency": _l("Pilih unit Dinas Kesehatan (puskesmas, rumah sakit, atau Dinkes).")},
        )
    previous = ticket.agency_id
    visited = {previous} | {e.previous_agency_id for e in ticket.events if e.kind == "forwarded"}
    ticket.agency_id = target.id
    ticket.assignee_id = None
    ticket.forward_count += 1
    if target.id in visited:
        ticket.ping_pong = True
    record(ticket, "forwarded", staff=staff, public=True, body=reason, previous_agency_id=previous)
    signals.ticket_forwarded.send(ticket, agency=target, staff=staff, reason=redact_nik(reason))
    module = get_module(ticket.module)
    if module is not None:
        module.after_forward(ticket)  # e.g. an urgent health ticket alerts its new unit at once
    return ticket


def merge_ticket(source_id: int, survivor_code: str, staff: Staff, note: str | None = None) -> Ticket:
    """Close a duplicate into the surviving ticket; the duplicate's citizen follows the survivor."""
    survivor = db.session.execute(select(Ticket).where(Ticket.code == survivor_code)).scalar_one_or_none()
    if survivor is None:
        raise Invalid(_l("Tiket tujuan penggabungan tidak ditemukan."), {"survivor": _l("Kode tidak dikenal.")})
    # Lock both rows in id order so two merges cannot deadlock.
    for row_id in sorted({source_id, survivor.id}):
        lock_row(Ticket, row_id)
    source = locked_for_staff(source_id, staff)
    survivor = locked_for_staff(survivor.id, staff)
    if source.id == survivor.id:
        raise Invalid(_l("Tiket tidak dapat digabung ke dirinya sendiri."), {"survivor": _l("Pilih tiket lain.")})
    if source.module != survivor.module:
        raise Conflict(_l("Hanya tiket dari layanan yang sama yang dapat digabung."))
    if source.status not in lifecycle.OPEN_STATES or survivor.status in lifecycle.TERMINAL_STATES:
        raise Conflict(_l("Tiket yang sudah ditutup tidak dapat digabung."))
    source.merged_into_id = survivor.id
    with force_locale("id"):
        text = _(
            "Laporan ini sama dengan %(code)s dan digabung ke sana; perkembangannya dapat diikuti di sana.",
            code=survivor.code,
        )
    transitions.move(
        source,
        lifecycle.CLOSED,
        verb=lifecycle.MERGE,
        kind="merged",
        staff=staff,
        body=text + (f" {note.strip()}" if note and note.strip() else ""),
    )
    record(survivor, "merged_in", staff=staff, public=False, body=source.code)
    newly_following = sorted(
        citizen_id
        for citizen_id in {source.citizen_id, *_follower_ids(source)} - {survivor.citizen_id}
        if citizen_id is not None
    )
    for citizen_id in newly_following:
        follow(survivor, citizen_id)
    signals.ticket_merged.send(source, survivor=survivor, staff=staff, citizen_ids=newly_following, text=text)
    return survivor


def follow(ticket: Ticket, citizen_id: int) -> None:
    exists = db.session.execute(
        select(Follower.id).where(Follower.ticket_id == ticket.id, Follower.citizen_id == citizen_id)
    ).first()
    if not exists:
        db.session.add(Follower(ticket_id=ticket.id, citizen_id=citizen_id))
        db.session.flush()


def forward_chain(ticket: Ticket) -> list[TicketEvent]:
    return [e for e in ticket.events if e.kind == "forwarded"]


def _follower_ids(ticket: Ticket) -> set[int]:
    return set(db.session.execute(select(Follower.citizen_id).where(Follower.ticket_id == ticket.id)).scalars())
