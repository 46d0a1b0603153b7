"""Putting messages in the outbox, in the caller's transaction, on the citizen's channel."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from suite.extensions import db
from suite.notify import message_texts
from suite.notify.models import OutboxMessage
from suite.notify.services import notify_citizen
from suite.privacy.redaction import redact_nik

CHANNELS = ("email", "sms", "whatsapp")


def enqueue(
    channel: str, recipient: str, body: str, subject: str | None = None, ticket=None, citizen_id: int | None = None
) -> OutboxMessage:
    if channel not in CHANNELS:
        raise ValueError(f"unknown outbox channel {channel!r}")
    # Outgoing text quotes replies and reasons; a NIK is never sent, nor kept in the outbox (issue 9).
    body, subject = redact_nik(body), redact_nik(subject) if subject else subject
    message = OutboxMessage(
        channel=channel,
        recipient=recipient,
        body=body,
        subject=subject,
        ticket_id=ticket.id if ticket is not None else None,
        citizen_id=citizen_id,
    )
    db.session.add(message)
    return message


def citizen_route(citizen, preferred: str | None = None) -> tuple[str, str] | None:
    """(channel, address) to reach a citizen: their preferred channel when usable, else SMS."""
    choice = preferred or citizen.preferred_channel
    if choice == "email" and citizen.email:
        return "email", citizen.email
    if getattr(citizen, "phone_confirmed_at", None) is None:
        # Issue 9, item 5: nothing goes to a phone its owner has not proven; the news stays in the
        # web inbox (``notify_citizen``) and is not queued for later: it may be someone else's phone.
        return None
    if choice == "whatsapp":
        return "whatsapp", citizen.phone
    if choice in ("sms", "phone", "kiosk", "web", None):
        return ("sms", citizen.phone) if choice == "sms" else None
    return None


def tell_citizen(ticket, text: str, kind: str, channel: str | None = None, phone_note: str | None = None) -> None:
    """Tell the reporter about their ticket: in the web inbox always, and on their channel.

    ``channel`` overrides the citizen's preference (a reply goes back where the report came
    from). Health tickets never carry detail outside the account: "please check your account".
    ``phone_note`` is added by SMS and WhatsApp only, after the text (never cut off with it): what
    to reply from the phone, which means nothing in the web inbox.
    """
    citizen = ticket.citizen
    if citizen is None:
        _tell_reporter(ticket, text)
        return
    with force_locale("id"):
        if _is_sensitive(ticket):
            text = message_texts.render("health_news", code=ticket.code)
        notify_citizen(citizen.id, ticket, kind, text)
        route = citizen_route(citizen, channel if channel in CHANNELS else None)
        if route is None:
            return
        channel_name, address = route
        subject = f"[{ticket.code}] " + _("Kabar laporan Anda") if channel_name == "email" else None
        body = text if channel_name != "sms" else _sms_text(ticket, text)
        if phone_note and channel_name in ("sms", "whatsapp") and not _is_sensitive(ticket):
            body += " " + phone_note
        enqueue(channel_name, address, body, subject=subject, ticket=ticket, citizen_id=citizen.id)


def _sms_text(ticket, text: str) -> str:
    # One SMS is 160 characters; keep the code and the start of the news.
    prefix = f"{ticket.code}: "
    return prefix + (text if len(prefix + text) <= 320 else text[: 317 - len(prefix)] + "...")


def _is_sensitive(ticket) -> bool:
    # The ticket's own flag (set when it opened), and the module's rule for tickets from before it.
    module = current_app.extensions.get("suite_modules", {}).get(ticket.module)
    return bool(ticket.sensitive or (module and module.sensitive))


def _tell_reporter(ticket, text: str) -> None:
    """A reporter without an account hears back by email when they gave one."""
    email = (ticket.reporter or {}).get("email")
    if email and not _is_sensitive(ticket):
        with force_locale("id"):
            enqueue("email", email, text, subject=f"[{ticket.code}] " + _("Kabar laporan Anda"), ticket=ticket)
