"""``BAHAYA`` by SMS or WhatsApp: a mother, or anyone with her, raises a danger sign from any phone.

    BAHAYA                    opens the urgent ticket at once (the signs may follow)
    BAHAYA 1 3                names the signs by their number in the Buku KIA list
    BAHAYA NIFAS 2 / BAYI 1   signs after the birth, or of the newborn
    BAHAYA Dabuan 1           names the desa where she is (needed from a phone we do not know)

The reply gives the emergency advice and numbers straight away, before anyone answers, and then
says who was alerted, from the messages actually written. A danger sign never waits on a
registration: from an unknown phone without a desa the ticket is opened for Dinkes, the Command
Center is paged, and the reply asks for the desa; the desa sent next places the same ticket.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from modules.babhar import danger, services
from suite.channels.dialogue.places import match_desa
from suite.database import lock_row, utcnow, write_transaction
from suite.extensions import db
from suite.notify.alerts import alerts_for
from suite.reference import region_label
from suite.registry import MessageAnswer
from suite.ticketing import lifecycle
from suite.ticketing.draft import TicketDraft
from suite.ticketing.models import Ticket
from suite.ticketing.services import record

PHASE_WORDS = {"HAMIL": "pregnancy", "NIFAS": "postpartum", "BAYI": "newborn"}
PLACE_WITHIN = timedelta(hours=12)  # a message this soon after BAHAYA completes that ticket
NUMBER = re.compile(r"[0-9]{1,3}[.,]?")  # ASCII digits only: "²" is not a sign number


def danger_by_message(text: str, citizen, phone: str | None = None) -> MessageAnswer:
    words = (text or "").split()
    phase = PHASE_WORDS.get(words[0].upper()) if words else None
    if phase:
        words = words[1:]
    phase = phase or _default_phase(citizen)
    signs = danger.danger_signs(phase)
    numbers = [w for w in words if NUMBER.fullmatch(w)]
    place_words = " ".join(w for w in words if not NUMBER.fullmatch(w))
    desa = match_desa(place_words).desa if place_words else None
    picked = []
    for number in numbers:
        index = int(number.rstrip(".,")) - 1
        if 0 <= index < len(signs) and signs[index]["code"] not in picked:
            picked.append(signs[index]["code"])
    with force_locale("id"):
        advice = _(
            "DARURAT? Telepon 119 sekarang. Bila perdarahan, kejang atau pingsan, segera ke puskesmas atau "
            "rumah sakit terdekat."
        )
        if citizen is None:
            # A second message from the same unknown phone completes the first ticket (its desa, its
            # signs) instead of opening another one.
            updated = _complete_waiting_ticket(
                phone, danger.PHASE_CATEGORY[phase], desa.code if desa else None, picked, text
            )
            if updated is not None:
                reply = advice + " " + _told(updated.id, generic=True)
                if updated.desa_code is None:
                    reply += " " + _ask_desa()
                return MessageAnswer("danger_placed" if desa else "danger_updated", reply)
        description = _("Tanda bahaya dilaporkan lewat pesan singkat.") + (f" {text.strip()}" if text.strip() else "")
        extras = {"signs": picked or [danger.UNSPECIFIED], "note": (text or "").strip() or None}
        context = {"reported_by": "mother" if citizen is not None and citizen.sex == "F" else "family"}
        draft = TicketDraft(
            category=danger.PHASE_CATEGORY[phase],
            description=description,
            desa_code=desa.code if desa else None,
            extras=extras,
            context=context,
        )
        reply = advice
        if not picked:
            numbered = "; ".join(f"{n}. {s['label_id']}" for n, s in enumerate(signs, start=1))
            reply += " " + _("Sebutkan tandanya dengan angka, misalnya BAHAYA 1 3: %(list)s", list=numbered)
        if citizen is None and desa is None:
            reply += " " + _ask_desa()
        return MessageAnswer(
            "danger_sign", reply, draft, confirm=lambda ticket_id: _told(ticket_id, generic=citizen is None)
        )


def _ask_desa() -> str:
    return _("Di desa mana ibu sekarang? Balas BAHAYA <nama desa>, misalnya BAHAYA Dabuan.")


def _default_phase(citizen) -> str:
    """Within 42 days of a recorded birth, a mother's BAHAYA is about the time after the birth."""
    if citizen is None:
        return "pregnancy"
    latest = next(iter(services.pregnancies_of(citizen)), None)
    if (
        latest is not None
        and latest.status == "delivered"
        and latest.delivered_on is not None
        and (utcnow().date() - latest.delivered_on).days <= 42
    ):
        return "postpartum"
    return "pregnancy"


def _told(ticket_id: int, generic: bool = False) -> str:
    """Who was alerted, from what was written; ``generic`` (a phone we do not know) names no unit."""
    with force_locale("id"):
        told = alerts_for(ticket_id, danger.ALERT_KINDS)
        names = [
            f"{_('petugas kesehatan') if generic else row['label']} ({row['channel'].upper()})"
            for row in told
            if row["channel"] != "app"
        ]
        if not names:
            return _("Petugas diberi tahu lewat aplikasi. Bila tidak ada yang menghubungi dalam 15 menit, telepon 119.")
        return _("Sudah diberi tahu: %(names)s.", names=", ".join(names))


def _complete_waiting_ticket(phone: str | None, category: str, desa_code: str | None, signs: list[str], text: str):
    """The open danger ticket this unknown phone sent within the last hours, completed with what the
    new message adds: a desa moves it to that puskesmas (and alerts it), new signs are added (and the
    responders told again). None when there is no such ticket."""
    if not phone:
        return None
    since = utcnow() - PLACE_WITHIN
    with write_transaction():
        candidates = db.session.execute(
            select(Ticket)
            .where(
                Ticket.module == "babhar",
                Ticket.citizen_id.is_(None),
                Ticket.category == category,
                Ticket.created_at >= since,
                Ticket.status.in_(lifecycle.OPEN_STATES),
            )
            .order_by(Ticket.id.desc())
        ).scalars()
        ticket = next((t for t in candidates if (t.reporter or {}).get("phone") == phone), None)
        if ticket is None:
            return None
        ticket = lock_row(Ticket, ticket.id)
        known = [code for code in (ticket.extras or {}).get("signs", []) if code != danger.UNSPECIFIED]
        added = [code for code in signs if code not in known]
        if added:
            ticket.extras = {**ticket.extras, "signs": known + added}
        record(ticket, "citizen_comment", public=True, body=text.strip()[:500] or None)
        placed = False
        if desa_code is not None and ticket.desa_code is None:
            _place(ticket, desa_code)
            placed = True
        if placed or added:
            danger.page_for_danger_sign(ticket)
        return ticket


def _place(ticket, desa_code: str) -> None:
    """The desa is known now: the ticket moves to the puskesmas that serves it."""
    unit = services.responsible_unit(desa_code)
    ticket.desa_code = desa_code
    ticket.kecamatan_code = desa_code.rsplit(".", 1)[0]
    if unit is not None and unit.id != ticket.agency_id:
        previous = ticket.agency_id
        ticket.agency_id = unit.id
        db.session.flush()
        db.session.refresh(ticket)
        with force_locale("id"):
            record(
                ticket,
                "forwarded",
                public=True,
                previous_agency_id=previous,
                body=_("Desa ibu diketahui: %(place)s.", place=region_label(desa_code)),
            )
