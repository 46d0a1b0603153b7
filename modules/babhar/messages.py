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
from suite.ticketing.models import Ticket
from suite.ticketing.services import TicketDraft, record

PHASE_WORDS = {"HAMIL": "pregnancy", "NIFAS": "postpartum", "BAYI": "newborn"}
PLACE_WITHIN = timedelta(hours=12)  # a desa sent this soon after BAHAYA places that ticket


def danger_by_message(text: str, citizen, phone: str | None = None) -> MessageAnswer:
    words = (text or "").split()
    phase = PHASE_WORDS.get(words[0].upper()) if words else None
    if phase:
        words = words[1:]
    phase = phase or _default_phase(citizen)
    signs = danger.danger_signs(phase)
    numbers = [w for w in words if w.isdigit()]
    place_words = " ".join(w for w in words if not re.fullmatch(r"\d+[.,]?", w))
    desa = match_desa(place_words).desa if place_words else None
    with force_locale("id"):
        advice = _("DARURAT? Telepon 119 sekarang. Bila perdarahan, kejang atau pingsan, segera ke puskesmas atau "
                   "rumah sakit terdekat.")
        if citizen is None and desa is not None and not numbers:
            placed = _place_waiting_ticket(phone, desa.code)
            if placed is not None:
                return MessageAnswer("danger_placed", advice + " " + _told(placed.id))
        picked = []
        for number in numbers:
            index = int(number) - 1
            if 0 <= index < len(signs) and signs[index]["code"] not in picked:
                picked.append(signs[index]["code"])
        description = _("Tanda bahaya dilaporkan lewat pesan singkat.") + (f" {text.strip()}" if text.strip() else "")
        extras = {"signs": picked or [danger.UNSPECIFIED], "note": (text or "").strip() or None,
                  "reported_by": "mother" if citizen is not None and citizen.sex == "F" else "family"}
        draft = TicketDraft(category=danger.PHASE_CATEGORY[phase], description=description,
                            desa_code=desa.code if desa else None, extras=extras)
        reply = advice
        if not picked:
            numbered = "; ".join(f"{n}. {s['label_id']}" for n, s in enumerate(signs, start=1))
            reply += " " + _("Sebutkan tandanya dengan angka, misalnya BAHAYA 1 3: %(list)s", list=numbered)
        if citizen is None and desa is None:
            reply += " " + _("Di desa mana ibu sekarang? Balas BAHAYA <nama desa>, misalnya BAHAYA Dabuan.")
        return MessageAnswer("danger_sign", reply, draft, confirm=_told)


def _default_phase(citizen) -> str:
    """Within 42 days of a recorded birth, a mother's BAHAYA is about the time after the birth."""
    if citizen is None:
        return "pregnancy"
    latest = next(iter(services.pregnancies_of(citizen)), None)
    if latest is not None and latest.status == "delivered" and latest.delivered_on is not None \
            and (utcnow().date() - latest.delivered_on).days <= 42:
        return "postpartum"
    return "pregnancy"


def _told(ticket_id: int) -> str:
    with force_locale("id"):
        told = alerts_for(ticket_id)
        names = [f"{row['label']} ({row['channel'].upper()})" for row in told if row["channel"] != "app"]
        if not names:
            return _("Petugas diberi tahu lewat aplikasi. Bila tidak ada yang menghubungi dalam 15 menit, "
                     "telepon 119.")
        return _("Sudah diberi tahu: %(names)s.", names=", ".join(names))


def _place_waiting_ticket(phone: str | None, desa_code: str):
    """The desa for a danger sign sent earlier from this unknown phone: the ticket moves to the
    puskesmas of that desa, and its midwife and duty staff are alerted."""
    if not phone:
        return None
    since = utcnow() - PLACE_WITHIN
    with write_transaction():
        candidates = db.session.execute(select(Ticket).where(
            Ticket.module == "babhar", Ticket.citizen_id.is_(None), Ticket.desa_code.is_(None),
            Ticket.category.in_(tuple(danger.PHASE_CATEGORY.values())), Ticket.created_at >= since,
            Ticket.status.in_(lifecycle.OPEN_STATES)).order_by(Ticket.id.desc())).scalars().all()
        ticket = next((t for t in candidates if (t.reporter or {}).get("phone") == phone), None)
        if ticket is None:
            return None
        ticket = lock_row(Ticket, ticket.id)
        unit = services.responsible_unit(desa_code)
        ticket.desa_code = desa_code
        ticket.kecamatan_code = desa_code.rsplit(".", 1)[0]
        if unit is not None and unit.id != ticket.agency_id:
            previous = ticket.agency_id
            ticket.agency_id = unit.id
            db.session.flush()
            db.session.refresh(ticket)
            with force_locale("id"):
                record(ticket, "forwarded", public=True, previous_agency_id=previous,
                       body=_("Desa ibu diketahui: %(place)s.", place=region_label(desa_code)))
        danger.page_for_danger_sign(ticket)
        return ticket


