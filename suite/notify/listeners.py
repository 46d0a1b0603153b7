"""Who hears what happens to a ticket: the citizen on their channel through the outbox, staff in the app."""

from __future__ import annotations

from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _

from suite.identity.directory import care_agency_ids
from suite.notify import message_texts, staff_listeners
from suite.notify.outbox import tell_citizen
from suite.notify.services import notify_citizen, notify_staff, page_agency
from suite.registry import get_module
from suite.sla import wording
from suite.sla.policy import standing
from suite.ticketing import information, repair, signals
from suite.ticketing.dispositions import forward_chain
from suite.ticketing.lifecycle import REJECTED, RESOLVED, STATUS_LABELS, is_response
from suite.ticketing.support import follower_ids


def connect() -> None:
    signals.ticket_created.connect(_on_created, weak=False)
    signals.status_changed.connect(_on_status_changed, weak=False)
    signals.status_changed.connect(_tell_forwarding_agencies, weak=False)
    signals.ticket_commented.connect(_on_commented, weak=False)
    signals.ticket_forwarded.connect(_on_forwarded, weak=False)
    signals.ticket_merged.connect(_on_merged, weak=False)
    signals.information_extended.connect(_on_information_extended, weak=False)
    signals.information_decided.connect(_on_information_decided, weak=False)
    staff_listeners.connect()  # issue 12: staff hear of new, assigned and escalated tickets as they chose


def _on_created(ticket, **_kwargs):
    if ticket.channel in ("web", "kiosk", "api"):
        return  # the citizen is looking at the code on screen already
    with force_locale("id"):
        # "reply CEK" is for SMS; a mail reply adds to the ticket. Admins may reword both (issue 12).
        key = "ticket_received_email" if ticket.channel == "email" else "ticket_received"
        text = message_texts.render(key, code=ticket.code)
    tell_citizen(ticket, text, "created", channel=_reply_channel(ticket))


def _on_status_changed(ticket, previous=None, event=None, staff=None, citizen=None, **_kwargs):
    if event is not None and event.kind == "reopened":
        _tell_assignee_of_reopening(ticket, event)
        return
    # The citizen hears of what staff decided. A merge tells them in the app (``_on_merged``); a
    # reopening was their own doing; the sweep's closing after the reopen window only ends what
    # they were already told was resolved.
    if staff is None or (event is not None and event.kind != "status_changed"):
        return
    module = get_module(ticket.module)
    body = event.body if event is not None and event.body else ""
    with force_locale("id"):
        # The module's wording ("Sudah diperbaiki"). A workflow state's event text starts with its
        # detail ("Menunggu anggaran tahun 2027. <note>"): said once, in the status itself.
        detail = repair.detail_text(ticket, ticket.status)
        if detail and body.startswith(detail):
            status, body = repair.describe(ticket, module), body[len(detail) :].lstrip(". ")
        else:
            status = repair.status_name(ticket.status, module)
        text = message_texts.render("status_changed", code=ticket.code, status=status)
        if body:
            text += f" {body}"
        if event is not None and is_response(event) and _is_first_response(ticket, event):
            text += " " + _sentence(wording.first_response(standing(ticket)))  # as the first reply says it
    note = None
    if ticket.status == RESOLVED:  # the end of the journey by phone (issue 14): rate or reopen it from there
        with force_locale("id"):
            note = _("Puas? Balas NILAI %(code)s <1-5>. Belum beres? Balas BUKA %(code)s <alasan>.", code=ticket.code)
    tell_citizen(ticket, text, "status_changed", phone_note=note)
    # Followers, supporters among them (issue 11), hear of it in the app: "Laporan saya" lists it.
    # Not of a ticket that became confidential or health (re-classified into e-Sehat): its staff
    # notes are not theirs to read (re-classification also drops them as followers).
    if ticket.is_confidential or _is_health(ticket, module):
        return
    for citizen_id in follower_ids(ticket) - {ticket.citizen_id}:
        notify_citizen(citizen_id, ticket, "status_changed", text)


def _is_health(ticket, module) -> bool:
    return bool(ticket.sensitive or (module is not None and (module.sensitive or module.care_root)))


def _tell_forwarding_agencies(ticket, event=None, **_kwargs):
    """An agency that forwarded the ticket away follows it (issue 11, item 7): its staff hear, in
    the app, how it ended. Only the code and the status: the page says the rest to whoever may read it."""
    if event is None or event.to_status not in (RESOLVED, REJECTED):
        return
    agencies = {e.previous_agency_id for e in forward_chain(ticket)} - {ticket.agency_id, None}
    care_tree = care_agency_ids(get_module(ticket.module))
    if care_tree is not None:
        # A ticket re-classified into a health module may have passed through agencies outside the
        # care tree before: they hear nothing more of it (health data never leaves the tree).
        agencies &= care_tree
    if not agencies:
        return
    with force_locale("id"):
        text = _(
            "Tiket %(code)s yang pernah diteruskan instansi Anda kini berstatus %(status)s.",
            code=ticket.code,
            status=str(STATUS_LABELS[ticket.status]),
        )
    page_agency(sorted(agencies), ticket, "forwarded_outcome", text)


def _tell_assignee_of_reopening(ticket, event) -> None:
    # A sensitive ticket's words stay on its page; the notification only points there.
    text = (
        f"{ticket.code} dibuka kembali oleh pelapor."
        if ticket.sensitive
        else f"{ticket.code} dibuka kembali oleh pelapor: {event.body}"
    )
    notify_staff([ticket.assignee_id] if ticket.assignee_id else [], ticket, "reopened", text)


def _on_commented(ticket, staff=None, internal=False, **_kwargs):
    if internal or staff is None:
        return
    event = ticket.events[-1]
    with force_locale("id"):
        if _is_first_response(ticket, event):
            # The first answer says how long it took and whether the reward band was met (issue 14).
            sla = wording.first_response(standing(ticket))
            text = message_texts.render("first_answer", code=ticket.code, body=event.body or "", sla=sla)
        else:
            text = message_texts.render("answered", code=ticket.code, body=event.body or "")
    tell_citizen(ticket, text, "public_reply")


def _sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] + "."


def _is_first_response(ticket, event) -> bool:
    """``event`` stopped the first-response clock: no response came before it."""
    return ticket.first_response_at is not None and not any(
        is_response(e) for e in ticket.events if e.id != event.id and e.created_at <= event.created_at
    )


def _on_forwarded(ticket, agency=None, reason=None, **_kwargs):
    with force_locale("id"):
        text = message_texts.render("forwarded", code=ticket.code, agency=agency.name if agency else "")
    tell_citizen(ticket, text, "forwarded")
    if agency is None:
        return
    with force_locale("id"):
        # The reason may repeat a sensitive ticket's health details: those stay on the ticket page.
        notice = (
            _("Tiket %(code)s diteruskan ke instansi Anda.", code=ticket.code)
            if ticket.sensitive
            else _("Tiket %(code)s diteruskan ke instansi Anda: %(reason)s", code=ticket.code, reason=reason or "")
        )
    page_agency([agency.id], ticket, "forwarded_in", notice)


def _on_merged(ticket, survivor=None, citizen_ids=(), text="", **_kwargs):
    for citizen_id in citizen_ids:
        notify_citizen(citizen_id, ticket, "merged", text)


def _on_information_extended(ticket, reason="", **_kwargs):
    # The written notice of Pasal 22 ayat 8: the new date and the reason.
    with force_locale("id"):
        text = message_texts.render(
            "information_extended",
            code=ticket.code,
            due=format_datetime(ticket.resolution_due_at, "d MMM yyyy HH:mm") + " WIB",
            reason=reason,
        )
    tell_citizen(ticket, text, "information_extended")


def _on_information_decided(ticket, decision=None, **_kwargs):
    # The decision and the right to object (Pasal 35-37) in one message: short enough for an SMS;
    # the answer itself, and any document, are on the ticket's page.
    with force_locale("id"):
        text = message_texts.render(
            "information_decided",
            code=ticket.code,
            outcome=information.decision_summary(decision),
            rights=str(information.OBJECTION_RIGHTS),
        )
    tell_citizen(ticket, text, "information_decided")


def _reply_channel(ticket) -> str | None:
    return {"sms": "sms", "whatsapp": "whatsapp", "email": "email"}.get(ticket.channel)
