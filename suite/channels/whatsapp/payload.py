"""Reading the Cloud API webhook body into the dialogue's ``Incoming`` messages."""

from __future__ import annotations

from collections.abc import Iterator

from suite.channels.dialogue.message import Incoming
from suite.identity.phones import PhoneError, to_e164

MEDIA_TYPES = ("image", "document")


class PayloadError(ValueError):
    """Not the Cloud API's webhook format."""


def messages(payload) -> Iterator[dict]:
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        raise PayloadError("expected object whatsapp_business_account")
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            yield from value.get("messages") or []  # "statuses" (delivered, read) need nothing


def to_incoming(message: dict) -> Incoming | None:
    """None for a message we cannot attribute (no id, or a sender that is not a phone)."""
    external_id = str(message.get("id") or "").strip()
    try:
        phone = to_e164("+" + str(message.get("from") or "").lstrip("+"))
    except PhoneError:
        return None
    if not external_id:
        return None
    incoming = Incoming(channel="whatsapp", external_id=external_id, phone=phone)
    kind = message.get("type")
    if kind == "text":
        incoming.text = str((message.get("text") or {}).get("body") or "")
    elif kind == "location":
        location = message.get("location") or {}
        try:
            incoming.location = (float(location["latitude"]), float(location["longitude"]))
        except (KeyError, TypeError, ValueError):
            incoming.unsupported = True
    elif kind in MEDIA_TYPES:
        media = message.get(kind) or {}
        if not media.get("id"):
            incoming.unsupported = True
        else:
            incoming.media = {"id": str(media["id"]), "mime_type": str(media.get("mime_type") or "")}
            incoming.text = str(media.get("caption") or "")
    elif kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get("list_reply") or interactive.get("button_reply") or {}
        incoming.choice = str(reply.get("id") or "") or None
        incoming.unsupported = incoming.choice is None
    elif kind == "button":  # a quick-reply button of a template message
        incoming.text = str(
            (message.get("button") or {}).get("payload") or (message.get("button") or {}).get("text") or ""
        )
    else:
        incoming.unsupported = True
    return incoming
