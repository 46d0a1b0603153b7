"""What the dialogue needs from WhatsApp: replies into the outbox (text, or the menu as an
interactive list) and photo downloads."""

from __future__ import annotations

from suite.channels.dialogue.message import Reply
from suite.channels.whatsapp import media, menu
from suite.notify.outbox import enqueue


class WhatsAppChannel:
    name = "whatsapp"

    def send(self, phone: str, reply: Reply, citizen_id: int | None = None) -> None:
        if reply.menu:
            menu.enqueue_menu(phone, reply.text, citizen_id=citizen_id)
        else:
            enqueue("whatsapp", phone, reply.text, citizen_id=citizen_id)

    def fetch_media(self, item: dict):
        return media.fetch(item)
