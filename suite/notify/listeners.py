"""Citizens hear about what happens to their tickets, on their channel, through the outbox."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from suite.notify.outbox import tell_citizen
from suite.ticketing import signals
from suite.ticketing.lifecycle import STATUS_LABELS


def connect() -> None:
    signals.ticket_created.connect(_on_created, weak=False)
    signals.status_changed.connect(_on_status_changed, weak=False)
    signals.ticket_commented.connect(_on_commented, weak=False)
    signals.ticket_forwarded.connect(_on_forwarded, weak=False)


def _on_created(ticket, **_kwargs):
    if ticket.channel in ("web", "kiosk", "api"):
        return  # the citizen is looking at the code on screen already
    with force_locale("id"):
        if ticket.channel == "email":  # "reply CEK" is for SMS; a mail reply adds to the ticket
            text = _(
                "Laporan Anda diterima dengan kode %(code)s. Untuk menambah keterangan atau foto, balas "
                "email ini tanpa mengubah kode di subjeknya.",
                code=ticket.code,
            )
        else:
            text = _(
                "Laporan Anda diterima dengan kode %(code)s. Cek perkembangannya: balas CEK %(code)s.", code=ticket.code
            )
    tell_citizen(ticket, text, "created", channel=_reply_channel(ticket))


def _on_status_changed(ticket, previous=None, staff=None, **_kwargs):
    with force_locale("id"):
        text = _("Status laporan %(code)s: %(status)s.", code=ticket.code, status=str(STATUS_LABELS[ticket.status]))
        note = ticket.events[-1].body if ticket.events and ticket.events[-1].kind == "status_changed" else None
        if note:
            text += f" {note}"
    tell_citizen(ticket, text, "status_changed")


def _on_commented(ticket, staff=None, internal=False, **_kwargs):
    if internal or staff is None:
        return
    with force_locale("id"):
        text = _("Tanggapan untuk laporan %(code)s: %(body)s", code=ticket.code, body=ticket.events[-1].body or "")
    tell_citizen(ticket, text, "public_reply")


def _on_forwarded(ticket, agency=None, **_kwargs):
    with force_locale("id"):
        text = _("Laporan %(code)s diteruskan ke %(agency)s.", code=ticket.code, agency=agency.name if agency else "")
    tell_citizen(ticket, text, "forwarded")


def _reply_channel(ticket) -> str | None:
    return {"sms": "sms", "whatsapp": "whatsapp", "email": "email"}.get(ticket.channel)
