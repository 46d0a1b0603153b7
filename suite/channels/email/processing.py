"""One received mail, one write transaction: record it, then open a ticket, add a comment, or
refuse politely by email. The ``InboundMessage`` row (unique per Message-ID) commits together
with its ticket or comment, so a re-delivered mail changes nothing, and a failure part-way
leaves nothing behind (stored files included): the sending server retries.

Decisions the caller may rely on:
- bounces, auto-replies, bulk mail and our own mail are recorded and otherwise ignored;
- a subject carrying a tracking code adds a citizen comment (and its photos) to that ticket,
  but only from the ticket's citizen or reporter address; other senders are logged, not added;
- otherwise the mailbox picks the service (``lorong@``, ``lapor+lorong@``; default e-Madul,
  category "other"); a mail the chosen service cannot take (e-Lorong without a desa) becomes a
  ticket of the default service with a note saying what was missing;
- health services (``module.sensitive``) take nothing by email: the sender is asked to use
  their account, and the mail's text is not kept;
- a service an admin closed (``suite.ticketing.module_state``) takes no new report: the sender is
  told it is closed, with the admin's notice; replies to existing tickets still arrive.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from suite.channels.credentials import log_security_event
from suite.channels.email.addresses import requested_module_code
from suite.channels.email.automatic import automatic_kind
from suite.channels.email.citizens import citizen_by_email, may_write_about
from suite.channels.email.drafting import DEFAULT_CATEGORY, draft_from_text, field_labels
from suite.channels.email.parsing import IncomingMail, parse_mail
from suite.channels.intake import ticket_by_code
from suite.channels.models import InboundMessage
from suite.database import lock_row, utcnow, write_transaction
from suite.errors import DomainError, Invalid
from suite.extensions import db
from suite.notify.outbox import enqueue
from suite.privacy.redaction import redact_nik
from suite.registry import ServiceModule, get_module
from suite.ticketing import attachments, lifecycle, module_state, signals
from suite.ticketing.models import Attachment, Ticket, TicketEvent
from suite.ticketing.services import comment_as_citizen, open_ticket, record

log = logging.getLogger(__name__)

CHANNEL = "email"
DEFAULT_MODULE = "madul"
MAX_DESCRIPTION = 4000
# Mail from one address that the suite acts on (and so answers) per hour; beyond it, mail is
# recorded and ignored. Setting MAIL_SENDER_LIMIT_PER_HOUR to 0 switches the limit off.
SENDER_LIMIT_PER_HOUR = 20
ANSWERED = (
    "ticket_opened",
    "ticket_rerouted",
    "comment_added",
    "refused_invalid",
    "refused_sensitive",
    "refused_closed",
    "refused_service_closed",
)


@dataclass
class Receipt:
    """What became of one mail: ``outcome`` as stored on its ``InboundMessage``."""

    outcome: str
    ticket_code: str | None = None


@dataclass
class _Result:
    outcome: str
    ticket: Ticket | None = None
    keep_text: bool = True


def receive(raw: bytes, envelope_from: str | None = None, recipients: list[str] | None = None) -> Receipt:
    """Process one mail as received over SMTP (``recipients``: the envelope's RCPT TO list)."""
    mail = parse_mail(raw, envelope_from, recipients)
    with write_transaction():  # its rollback also deletes any attachment already stored
        inbound = InboundMessage(
            channel=CHANNEL,
            external_id=mail.message_id,
            outcome="received",
            sender=(mail.sender or mail.envelope_from or "<>")[:254],
            # Only the redacted text is kept: no raw MIME, headers or files (issue 9).
            body=redact_nik(mail.text) or None,
        )
        try:
            with db.session.begin_nested():
                db.session.add(inbound)
        except IntegrityError:  # the savepoint held the only write: nothing is left to commit
            log.info("email %s received again; ignored", mail.message_id)
            return Receipt("duplicate")
        with force_locale("id"):  # stored and sent text is in the regency's language
            result = _dispatch(mail)
        inbound.outcome = result.outcome
        inbound.ticket_id = result.ticket.id if result.ticket is not None else None
        if not result.keep_text:
            inbound.body = None
        code = result.ticket.code if result.ticket is not None else None
    log.info("email %s: %s %s", mail.message_id, result.outcome, code or "")
    return Receipt(result.outcome, code)


def _dispatch(mail: IncomingMail) -> _Result:
    kind = automatic_kind(mail)
    if kind:
        return _Result(f"ignored_{kind}")
    if not mail.sender:
        return _Result("ignored_no_sender")
    if _too_many_from(mail.sender):
        # A responder we did not recognise, or a flood: answering every mail would be a mail loop.
        log.warning("email %s from %s ignored: over the hourly limit for one sender", mail.message_id, mail.sender)
        return _Result("ignored_flood")
    code = mail.tracking_code
    ticket = ticket_by_code(code) if code else None
    if ticket is not None:
        return _add_to_ticket(mail, ticket)
    return _open_from_mail(mail)


def _too_many_from(sender: str) -> bool:
    limit = int(current_app.config.get("MAIL_SENDER_LIMIT_PER_HOUR", SENDER_LIMIT_PER_HOUR))
    if limit <= 0:
        return False
    answered = db.session.scalar(
        select(func.count())
        .select_from(InboundMessage)
        .where(
            InboundMessage.channel == CHANNEL,
            InboundMessage.sender == sender[:254],
            InboundMessage.received_at >= utcnow() - timedelta(hours=1),
            InboundMessage.outcome.in_(ANSWERED),
        )
    )
    return (answered or 0) >= limit


# -- a reply to a ticket ---------------------------------------------------------


def _add_to_ticket(mail: IncomingMail, ticket: Ticket) -> _Result:
    if not may_write_about(mail.sender, ticket):
        log.warning("email reply to %s from %s refused: not the ticket's citizen or reporter", ticket.code, mail.sender)
        log_security_event("email_reply_refused", mail.sender, f"{ticket.code} {mail.message_id}")
        return _Result("refused_sender", ticket)
    module = get_module(ticket.module)
    if module is not None and module.sensitive:
        _answer(
            mail,
            ticket,
            _(
                "Demi kerahasiaan data kesehatan, keterangan untuk laporan %(code)s tidak kami terima melalui "
                "email, dan isi email Anda tidak kami simpan. Silakan sampaikan melalui akun Anda di portal "
                "layanan atau langsung ke puskesmas.",
                code=ticket.code,
            ),
        )
        return _Result("refused_sensitive", ticket, keep_text=False)
    checked, notes = screen_attachments(mail.attachments)
    body = _compose(mail.new_text, notes)
    if not body and checked:
        body = _("Lampiran dikirim lewat email.")
    if not body:
        return _Result("ignored_empty", ticket)
    try:
        with db.session.begin_nested():
            event = _comment(ticket, body)
            _attach(ticket, event, checked)
    except DomainError as error:
        _answer(mail, ticket, str(error.message))
        return _Result("refused_closed", ticket)
    return _Result("comment_added", ticket)


def _comment(ticket: Ticket, body: str) -> TicketEvent:
    if ticket.citizen is not None:
        comment_as_citizen(ticket.id, ticket.citizen, body)
    else:
        # A reporter without an account (checked by address above): the same comment, no account.
        locked = lock_row(Ticket, ticket.id)
        if locked.status in (lifecycle.CLOSED, lifecycle.REJECTED):
            raise Invalid(_l("Tiket sudah ditutup; buat laporan baru bila masalah muncul lagi."))
        event = record(locked, "citizen_comment", public=True, body=body)
        event.actor_type = "citizen"
        signals.ticket_commented.send(locked, citizen=None, internal=False)
    return db.session.execute(
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "citizen_comment")
        .order_by(TicketEvent.id.desc())
        .limit(1)
    ).scalar_one()


def _attach(ticket: Ticket, event: TicketEvent, checked: list) -> None:
    for item in checked:
        name = attachments.store(item)
        db.session.add(
            Attachment(
                ticket_id=ticket.id,
                event_id=event.id,
                original_name=redact_nik(item.original_name),
                stored_name=name,
                content_type=item.content_type,
                size=len(item.data),
                sha256=item.sha256,
            )
        )
    db.session.flush()


# -- a new report ----------------------------------------------------------------


def _open_from_mail(mail: IncomingMail) -> _Result:
    default = get_module(current_app.config.get("MAIL_DEFAULT_MODULE", DEFAULT_MODULE))
    module = get_module(requested_module_code(mail.recipients) or "") or default
    if module is None:
        log.error("email %s: no service to open a ticket in (MAIL_DEFAULT_MODULE is not enabled)", mail.message_id)
        return _Result("refused_no_service")
    if module.sensitive:
        _answer(
            mail,
            None,
            _(
                "Terima kasih. Demi kerahasiaan data kesehatan, layanan %(service)s tidak menerima laporan melalui "
                "email, dan isi email Anda tidak kami simpan. Silakan mendaftar melalui akun Anda di portal "
                "layanan atau datang ke puskesmas terdekat.",
                service=str(module.name),
            ),
        )
        return _Result("refused_sensitive", keep_text=False)
    if not module_state.is_open(module.code):
        # Closed by an admin (issue 12): said so, never quietly filed elsewhere; the mail is kept.
        _answer(mail, None, module_state.closed_message(module))
        return _Result("refused_service_closed")
    citizen = citizen_by_email(mail.sender)
    reporter = None if citizen else {"name": (mail.sender_name or mail.sender)[:120], "email": mail.sender}
    checked, notes = screen_attachments(mail.attachments, module)
    uploads = [attachments.Upload(item.original_name, item.data) for item in checked]
    description = _compose(_report_text(mail), notes)
    draft = draft_from_text(module, mail.clean_subject, mail.text, description, reporter)
    try:
        return _Result("ticket_opened", _open(module, citizen, draft, uploads))
    except DomainError as error:
        if default is None or module is default:
            return _refuse(mail, error)
        first_error, note = error, _rerouted_note(module, error)
    # The service named cannot take it as written: the default service can, and staff forward it.
    draft = draft_from_text(default, mail.clean_subject, mail.text, _compose(description, [note]), reporter)
    if default.category(current_app.config.get("MAIL_DEFAULT_CATEGORY", DEFAULT_CATEGORY)):
        draft.category = current_app.config.get("MAIL_DEFAULT_CATEGORY", DEFAULT_CATEGORY)
    try:
        return _Result("ticket_rerouted", _open(default, citizen, draft, uploads))
    except module_state.ServiceClosed:
        return _refuse(mail, first_error)  # the default service is closed: what the named one missed
    except DomainError as error:
        return _refuse(mail, error)


def _open(module: ServiceModule, citizen, draft, uploads) -> Ticket:
    with db.session.begin_nested():
        result = open_ticket(module, citizen, draft, uploads, channel=CHANNEL)
    return result.ticket


def _rerouted_note(module: ServiceModule, error: DomainError) -> str:
    labels = field_labels(module)
    missing = ", ".join(str(labels.get(name, name)) for name in error.errors) or str(error.message)
    return _(
        "Email ini dikirim ke layanan %(service)s, tetapi belum dapat dicatat di sana karena data berikut "
        "belum lengkap atau tidak dikenali: %(fields)s. Mohon diteruskan ke instansi yang berwenang.",
        service=str(module.name),
        fields=missing,
    )


def _refuse(mail: IncomingMail, error: DomainError) -> _Result:
    reasons = " ".join(str(message) for message in error.errors.values()) or str(error.message)
    _answer(
        mail,
        None,
        _(
            "Terima kasih atas email Anda. Laporan Anda belum dapat kami catat: %(reasons)s Silakan kirim ulang "
            "dengan keterangan yang lebih lengkap, atau laporkan melalui portal layanan.",
            reasons=reasons,
        ),
    )
    return _Result("refused_invalid")


def _report_text(mail: IncomingMail) -> str:
    subject, text = mail.clean_subject, mail.text.strip()
    if subject and subject.lower() not in text.lower():
        text = f"{subject}\n\n{text}".strip()
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1].rstrip() + "…"


# -- shared ----------------------------------------------------------------------


def screen_attachments(
    uploads: list[attachments.Upload], module: ServiceModule | None = None
) -> tuple[list[attachments.CheckedUpload], list[str]]:
    """The photos and PDFs worth keeping (as many as the module takes), and a note for each file left
    out: an odd file (an ``.exe``, a calendar invite) does not cost the citizen the whole report."""
    limit = attachments.max_files(module)
    kept: list[attachments.CheckedUpload] = []
    notes: list[str] = []
    for upload in uploads:
        try:
            item = attachments.check_upload(upload)
        except attachments.AttachmentError as error:
            notes.append(_("Lampiran tidak disimpan: %(reason)s", reason=str(error.args[0])))
            continue
        if len(kept) >= limit:
            notes.append(
                _("Lampiran tidak disimpan: %(name)s (paling banyak %(n)s berkas).", name=item.original_name, n=limit)
            )
            continue
        kept.append(item)
    return kept, notes


def _compose(text: str, notes: list[str]) -> str:
    return "\n\n".join(part for part in [text.strip(), "\n".join(notes)] if part)


def _answer(mail: IncomingMail, ticket: Ticket | None, text: str) -> None:
    """A polite answer to the sender, through the outbox, in this transaction."""
    if ticket is not None:
        subject = f"[{ticket.code}] " + _("Kabar laporan Anda")
    else:
        subject = _("Laporan Anda belum dapat kami terima")
    citizen = citizen_by_email(mail.sender)
    enqueue(CHANNEL, mail.sender, text, subject=subject, ticket=ticket, citizen_id=citizen.id if citizen else None)
