"""What the dialogue needs from SMS: text replies into the outbox; SMS carries no photos."""

from __future__ import annotations

from suite.channels.dialogue.message import MediaError, Reply
from suite.notify.outbox import enqueue


class SmsChannel:
    name = "sms"

    def send(self, phone: str, reply: Reply, citizen_id: int | None = None) -> None:
        enqueue("sms", phone, reply.text, citizen_id=citizen_id)  # a menu is its help text here

    def fetch_media(self, media: dict):
        raise MediaError("SMS carries no media")
