"""The service menu as a WhatsApp interactive list, delivered through the outbox.

The outbox's ``whatsapp`` channel sends text. A menu is written as an outbox row of channel
``whatsapp_menu`` whose body is the Cloud API ``interactive`` object; the outbox's
``send_whatsapp_interactive`` delivers it.
"""

from __future__ import annotations

import json
import textwrap

from flask_babel import gettext as _

from suite.channels.dialogue import texts
from suite.extensions import db
from suite.notify.models import OutboxMessage

MENU_CHANNEL = "whatsapp_menu"
MAX_ROWS = 10  # the Cloud API's limit per list


def interactive_list(body: str) -> dict:
    """Rows ``menu:<module>`` for each module reachable by message, then check, rate or reopen, and help; the
    help text is the list's body, for a user who would rather type."""
    rows = [
        {
            "id": f"menu:{module.code}",
            "title": _short(str(module.name), 24),
            "description": _short(str(module.description), 72),
        }
        for module in texts.message_modules()
    ]
    rows = rows[: MAX_ROWS - 3] + [
        {"id": "menu:cek", "title": _short(_("Cek status laporan"), 24)},
        {"id": "menu:nilai", "title": _short(_("Nilai atau buka kembali"), 24)},
        {"id": "menu:bantu", "title": _short(_("Bantuan"), 24)},
    ]
    body = texts.menu_intro() + "\n\n" + body
    return {
        "type": "list",
        "body": {"text": body if len(body) <= 1024 else body[:1023] + "…"},
        "action": {
            "button": _short(_("Pilih layanan"), 20),
            "sections": [{"title": _short(_("Layanan"), 24), "rows": rows}],
        },
    }


def enqueue_menu(phone: str, body: str, citizen_id: int | None = None) -> OutboxMessage:
    message = OutboxMessage(
        channel=MENU_CHANNEL, recipient=phone, body=json.dumps(interactive_list(body)), citizen_id=citizen_id
    )
    db.session.add(message)
    return message


def _short(text: str, width: int) -> str:
    """One line within the Cloud API's length limit for the field."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else textwrap.shorten(text, width=width, placeholder="…")
