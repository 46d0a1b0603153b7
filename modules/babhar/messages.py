"""``BAHAYA`` by SMS or WhatsApp: a mother on a basic phone raises a danger sign.

``BAHAYA`` alone opens the urgent ticket at once (the signs may follow); ``BAHAYA 1 3`` names
the signs by their number in the Buku KIA list. The reply gives the emergency advice and
numbers straight away, before anyone answers.
"""

from __future__ import annotations

import re

from flask_babel import force_locale
from flask_babel import gettext as _

from modules.babhar import services
from suite.registry import MessageAnswer
from suite.ticketing.services import TicketDraft

UNSPECIFIED = "unspecified"


def danger_by_message(text: str, citizen) -> MessageAnswer:
    signs = services.danger_signs()
    with force_locale("id"):
        numbered = "; ".join(f"{n}. {s['label_id']}" for n, s in enumerate(signs, start=1))
        advice = _("DARURAT? Telepon 119 sekarang. Bila perdarahan, kejang atau pingsan, segera ke puskesmas atau "
                   "rumah sakit terdekat.")
        if citizen is None:
            return MessageAnswer("danger_unregistered", advice + " " + _(
                "Nomor ini belum terdaftar, jadi bidan belum bisa diberi tahu otomatis. Daftar: DAFTAR <NIK> <nama>."))
        refusal = services.refusal_for(citizen)
        if refusal:
            return MessageAnswer("refused", advice + " " + str(refusal))
        picked = []
        for number in re.findall(r"\d+", text or ""):
            index = int(number) - 1
            if 0 <= index < len(signs) and signs[index]["code"] not in picked:
                picked.append(signs[index]["code"])
        description = _("Tanda bahaya dilaporkan lewat pesan singkat.") + (f" {text.strip()}" if text.strip() else "")
        draft = TicketDraft(category="danger_sign", description=description,
                            extras={"signs": picked or [UNSPECIFIED], "note": (text or "").strip() or None})
        reply = advice + " " + _("Bidan dan puskesmas Anda sudah diberi tahu.")
        if not picked:
            reply += " " + _("Sebutkan tandanya dengan angka, misalnya BAHAYA 1 3: %(list)s", list=numbered)
        return MessageAnswer("danger_sign", reply, draft)
