"""The intake SMTP server (aiosmtpd): accepts mail for the intake mailboxes only and hands each
message to ``processing.receive`` in an app context, off the event loop.

A message is answered 250 only once its outcome is committed; on any failure the answer is
451 and the sending server retries later (a re-delivered message is recognised by its
Message-ID, so retrying is always safe).
"""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.controller import Controller
from flask import Flask

from suite.channels.email.addresses import intake_parts, rcpt_refusal
from suite.channels.email.processing import Receipt, receive
from suite.extensions import db

log = logging.getLogger(__name__)


class IntakeHandler:
    """aiosmtpd handler: RCPT checks the mailbox, DATA processes the message."""

    def __init__(self, app: Flask):
        self.app = app

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.app.app_context():
            refusal = rcpt_refusal(address)
        if refusal:
            log.info("RCPT %s refused from %s", address, session.peer)
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        loop = asyncio.get_running_loop()
        try:
            receipt = await loop.run_in_executor(None, self.process, raw, envelope.mail_from, list(envelope.rcpt_tos))
        except Exception:
            log.exception("mail from %s could not be processed; asking the sender to retry", envelope.mail_from)
            return "451 4.3.0 Temporary failure, please try again later"
        # The same answer whatever became of it: a forged sender learns no tracking code.
        log.debug("mail from %s: %s", envelope.mail_from, receipt.outcome)
        return "250 2.0.0 Message accepted"

    def process(self, raw: bytes, mail_from: str, recipients: list[str]) -> Receipt:
        with self.app.app_context():
            try:
                return receive(raw, mail_from, recipients)
            finally:
                db.session.remove()


def make_controller(app: Flask, host: str, port: int) -> Controller:
    """An unstarted controller for the intake server on ``host:port``."""
    with app.app_context():
        domain = intake_parts()[1]
    # A message may carry the largest request the web accepts, plus MIME encoding overhead.
    limit = int(app.config.get("MAX_CONTENT_LENGTH") or 32 * 1024 * 1024) * 4 // 3
    return Controller(
        IntakeHandler(app),
        hostname=host,
        port=port,
        server_hostname=domain or None,
        ident="Suite mail intake",
        data_size_limit=limit,
        enable_SMTPUTF8=True,
    )
