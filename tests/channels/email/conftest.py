"""Real SMTP both ways: the intake server the suite runs, and a sink standing in for the
regency's outgoing mail server. Mail is sent with ``smtplib``."""

from __future__ import annotations

import io
import smtplib
import threading
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid

import pytest
from aiosmtpd.controller import Controller
from PIL import Image

from suite.channels.email.server import make_controller
from suite.channels.models import InboundMessage
from suite.extensions import db
from suite.identity.models import Citizen
from suite.ticketing.models import Ticket
from tests.helpers import free_port, gen_citizen, rows

INTAKE = "lapor@pamekasankab.go.id"


def _real_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 90, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


JPEG = _real_jpeg()  # photos are re-encoded: a header followed by zeros is refused as broken (issue 9, item 9)
PDF = b"%PDF-1.4\n" + b"\x00" * 600
EXE = b"MZ\x90\x00" + b"\x00" * 600


@pytest.fixture
def intake(app):
    """The intake server on a free local port."""
    controller = make_controller(app, "127.0.0.1", free_port())
    controller.start()
    yield controller
    controller.stop()


class Sink:
    """An SMTP server that keeps every message it is given."""

    def __init__(self, port: int):
        self.messages: list[tuple[str, list[str], EmailMessage]] = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=port, server_hostname="sink.test")

    async def handle_DATA(self, server, session, envelope):
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [message for _, recipients, message in self.messages if address in recipients]


@pytest.fixture
def smtp_settings(app, monkeypatch):
    """Point the app's outgoing mail at a local port; the sink is started by the test."""
    port = free_port()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_STARTTLS", False)
    monkeypatch.setitem(app.config, "SMTP_USER", "")
    return port


@pytest.fixture
def sink(smtp_settings):
    server = Sink(smtp_settings)
    server.controller.start()
    yield server
    server.controller.stop()


def mail(
    sender="warga@example.id",
    to=INTAKE,
    subject="Sampah menumpuk",
    body="",
    attachments=(),
    headers=None,
    message_id=None,
    name="Siti Aminah",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"{name} <{sender}>" if name else sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.id")
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body or "Sampah di pasar sudah seminggu tidak diangkut dan baunya sampai ke rumah warga.")
    for filename, data, maintype, subtype in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def send(intake, message: EmailMessage, envelope_from: str | None = None, to: list[str] | None = None):
    """Deliver over SMTP; returns the server's refusals (empty when every recipient was taken)."""
    with smtplib.SMTP(intake.hostname, intake.port, timeout=15) as client:
        return client.send_message(message, from_addr=envelope_from, to_addrs=to)


def citizen_with_email(app, email: str) -> int:
    citizen_id, _, _ = gen_citizen(app)
    with app.app_context():
        citizen = db.session.get(Citizen, citizen_id)
        citizen.email = email
        citizen.preferred_channel = "email"
        db.session.commit()
    return citizen_id


def tickets(app):
    return rows(app, Ticket)


def inbound(app):
    return rows(app, InboundMessage)
