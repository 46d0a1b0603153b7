"""Delivery of one outbox message per channel: SMTP for email, HTTP for the SMS gateway and
the WhatsApp Cloud API. Each returns the provider's message id or raises ``DeliveryError``."""

from __future__ import annotations

import json
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

import httpx
from flask import current_app


class DeliveryError(RuntimeError):
    """Sending failed; ``permanent`` failures are not retried."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def send_email(message) -> str:
    config = current_app.config
    if not config.get("SMTP_HOST"):
        raise DeliveryError("SMTP is not configured (SUITE_SMTP_HOST)")
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject or ""
    email["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rsplit("@", 1)[-1].strip(">"))
    if config.get("INTAKE_ADDRESS"):
        email["Reply-To"] = config["INTAKE_ADDRESS"]
    # RFC 3834: machine-sent; out-of-office responders stay quiet, so no mail loop with intake.
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body)
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            smtp.send_message(email)
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(f"recipient refused: {error}", permanent=True) from None
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(f"SMTP: {error}") from None
    return email["Message-ID"]


def send_sms(message) -> str:
    """POST {"to", "text"} to the gateway with a bearer token; it answers {"id": ...}."""
    config = current_app.config
    if not config.get("SMS_GATEWAY_URL"):
        raise DeliveryError("SMS gateway is not configured (SUITE_SMS_GATEWAY_URL)")
    return _post(
        f"{config['SMS_GATEWAY_URL'].rstrip('/')}/messages",
        config.get("SMS_GATEWAY_TOKEN"),
        {"to": message.recipient, "text": message.body},
        lambda data: data["id"],
    )


def send_whatsapp(message) -> str:
    """A text message through the WhatsApp Cloud API (Graph API ``/{phone-number-id}/messages``)."""
    config = current_app.config
    if not config.get("WHATSAPP_PHONE_ID"):
        raise DeliveryError("WhatsApp is not configured (SUITE_WHATSAPP_PHONE_ID)")
    url = f"{config['WHATSAPP_API_URL'].rstrip('/')}/{config['WHATSAPP_PHONE_ID']}/messages"
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.recipient.lstrip("+"),
        "type": "text",
        "text": {"preview_url": False, "body": message.body},
    }
    return _post(url, config.get("WHATSAPP_TOKEN"), payload, lambda data: data["messages"][0]["id"])


def send_whatsapp_interactive(message) -> str:
    """An interactive message (e.g. the service menu list); the row's body is the Cloud API
    ``interactive`` object as JSON."""
    config = current_app.config
    if not config.get("WHATSAPP_PHONE_ID"):
        raise DeliveryError("WhatsApp is not configured (SUITE_WHATSAPP_PHONE_ID)")
    try:
        interactive = json.loads(message.body)
    except ValueError:
        raise DeliveryError("interactive body is not JSON", permanent=True) from None
    url = f"{config['WHATSAPP_API_URL'].rstrip('/')}/{config['WHATSAPP_PHONE_ID']}/messages"
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.recipient.lstrip("+"),
        "type": "interactive",
        "interactive": interactive,
    }
    return _post(url, config.get("WHATSAPP_TOKEN"), payload, lambda data: data["messages"][0]["id"])


def _post(url: str, token: str | None, payload: dict, pick_id) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = httpx.post(url, json=payload, headers=headers, timeout=20)
    except httpx.HTTPError as error:
        raise DeliveryError(f"HTTP: {error}") from None
    if response.status_code >= 500 or response.status_code == 429:
        raise DeliveryError(f"HTTP {response.status_code}: {response.text[:200]}")
    if response.status_code >= 400:
        raise DeliveryError(f"HTTP {response.status_code}: {response.text[:200]}", permanent=True)
    try:
        return str(pick_id(response.json()))
    except (ValueError, KeyError, IndexError, TypeError):
        raise DeliveryError(f"unexpected answer: {response.text[:200]}") from None


SENDERS = {"email": send_email, "sms": send_sms, "whatsapp": send_whatsapp, "whatsapp_menu": send_whatsapp_interactive}
# Kinds whose transient failures are retried for as long as it takes (backoff capped at an hour)
# instead of giving up after ``worker.MAX_ATTEMPTS``: a ticket forwarded to another system must
# arrive even after a day of the remote being down. Only a permanent refusal ends them.
PERSISTENT_KINDS: set[str] = set()


def register_sender(kind: str, send, persistent: bool = False) -> None:
    """Add an outbox kind from an edge package (``suite.connectors``), which this layer cannot import."""
    SENDERS[kind] = send
    if persistent:
        PERSISTENT_KINDS.add(kind)
