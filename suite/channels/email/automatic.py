"""Mail no person wrote: delivery reports (bounces), auto-replies, bulk mail, and our own mail
coming back. None of it opens a ticket or gets an answer, which is what stops mail loops."""

from __future__ import annotations

import re
from email.utils import parseaddr

from flask import current_app

from suite.channels.email.parsing import IncomingMail

BOUNCE_SENDERS = {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"}
AUTO_PRECEDENCE = {"bulk", "junk", "auto_reply", "list"}
_AUTO_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|ooo\b|automatic reply|auto(matic)?[- ]?(reply|response|antwort)|autoreply|auto:"
    r"|balasan otomatis|di luar kantor|sedang cuti|abwesenheit|r[ée]ponse automatique|respuesta autom[áa]tica"
    r"|vacation|on leave)",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(undeliver(able|ed)|delivery (status notification|failure|has failed|failed)|mail delivery (failed|failure"
    r"|subsystem)|returned mail|failure notice|non[- ]?delivery|pesan tidak terkirim|tidak dapat dikirim)",
    re.IGNORECASE,
)


def automatic_kind(mail: IncomingMail) -> str | None:
    """``bounce``, ``auto_reply``, ``bulk`` or ``loop`` for mail no person wrote; None otherwise."""
    if mail.envelope_from == "<>" or mail.header("Return-Path") == "<>":
        return "bounce"  # the null sender: only delivery reports use it
    senders = {_local_part(mail.sender), _local_part(mail.envelope_from)}
    if senders & BOUNCE_SENDERS:
        return "bounce"
    content_type = mail.message.get_content_type() if mail.message is not None else ""
    if content_type == "multipart/report" or mail.header("X-Failed-Recipients"):
        return "bounce"
    if _BOUNCE_SUBJECT.match(mail.subject):
        return "bounce"
    auto_submitted = mail.header("Auto-Submitted").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_reply"
    if mail.header("X-Autoreply") or mail.header("X-Autorespond") or mail.header("X-Autoresponder"):
        return "auto_reply"
    if _AUTO_SUBJECT.match(mail.subject):
        return "auto_reply"
    if mail.header("Precedence").strip().lower() in AUTO_PRECEDENCE or mail.header("List-Id"):
        return "bulk"
    if mail.sender and mail.sender in _own_addresses():
        return "loop"
    return None


def _local_part(address: str) -> str:
    return parseaddr(address or "")[1].lower().rpartition("@")[0]


def _own_addresses() -> set[str]:
    config = current_app.config
    return {parseaddr(config.get(name) or "")[1].lower() for name in ("MAIL_FROM", "INTAKE_ADDRESS")} - {""}
