"""Information requests (permintaan informasi publik) on the UU 14/2008 clock, answered by the PPID.

The request is a ticket of kind ``information``; its resolution deadline is the 10 working days of
Pasal 22 ayat 7 (a target row, data an admin edits: ``suite.sla.seeding.INFORMATION_REQUEST``).
``extend`` postpones it once by 7 working days with a written reason (ayat 8): the SLA moves the
deadline when it hears ``information_extended``. ``decide`` records the written decision (granted,
partly granted, refused with its legal ground) as the public timeline event that resolves the
ticket, through the one status path. Services flush, never commit.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from suite.database import utcnow
from suite.errors import Conflict, Invalid
from suite.extensions import db
from suite.identity.models import Staff
from suite.privacy.redaction import redact_nik
from suite.ticketing import attachments, information_grounds, kinds, lifecycle, signals, transitions
from suite.ticketing.information_models import InformationDecision
from suite.ticketing.models import Attachment, Ticket
from suite.ticketing.services import locked_for_staff
from suite.ticketing.timeline import record

# UU 14/2008 Pasal 22 ayat 8: "paling lambat 7 (tujuh) hari kerja berikutnya", once. The Act's
# maximum, not a service target: an admin may not lengthen it, so it is not a target row.
EXTENSION_WORKING_DAYS = 7

GRANTED, PARTLY_GRANTED, REFUSED = InformationDecision.OUTCOMES
OUTCOME_LABELS = {
    GRANTED: _l("Dikabulkan"),
    PARTLY_GRANTED: _l("Dikabulkan sebagian"),
    REFUSED: _l("Ditolak"),
}

# What every requester is told with the decision (UU 14/2008 Pasal 35-37).
OBJECTION_RIGHTS = _l(
    "Bila tidak puas, Anda berhak mengajukan keberatan tertulis kepada atasan PPID paling lambat "
    "30 hari kerja (UU 14/2008 Pasal 35-36); bila tanggapannya tetap tidak memuaskan, Anda dapat "
    "mengajukan sengketa informasi ke Komisi Informasi (Pasal 37)."
)


def was_extended(ticket: Ticket) -> bool:
    return any(event.kind == "information_extended" for event in ticket.events)


def latest_decision(ticket: Ticket) -> InformationDecision | None:
    return (
        db.session.query(InformationDecision)
        .filter(InformationDecision.ticket_id == ticket.id)
        .order_by(InformationDecision.id.desc())
        .first()
    )


def extend(ticket_id: int, staff: Staff, reason: str, now=None) -> Ticket:
    """Postpone the answer once by 7 working days; the written reason is public.

    Raises ``Invalid`` without a reason, ``Conflict`` for a ticket that is not an open information
    request, one already extended, or one whose 10 working days have run out (the notice of an
    extension is due within them).
    """
    reason = (reason or "").strip()
    if not reason:
        message = _l("Alasan perpanjangan wajib diisi (UU 14/2008 Pasal 22 ayat 8).")
        raise Invalid(message, {"reason": message})
    ticket = locked_for_staff(ticket_id, staff)
    _require_open_request(ticket)
    if was_extended(ticket):
        raise Conflict(_l("Jangka waktu permintaan informasi hanya dapat diperpanjang satu kali."))
    if ticket.resolution_due_at is not None and (now or utcnow()) > ticket.resolution_due_at:
        raise Conflict(_l("Tenggat 10 hari kerja sudah lewat; perpanjangan harus diberitahukan sebelumnya."))
    reason = redact_nik(reason)
    with force_locale("id"):
        body = _(
            "Jangka waktu jawaban diperpanjang %(days)s hari kerja (UU 14/2008 Pasal 22 ayat 8). Alasan: %(reason)s",
            days=EXTENSION_WORKING_DAYS,
            reason=reason,
        )
    record(ticket, "information_extended", staff=staff, public=True, body=body)
    signals.information_extended.send(ticket, working_days=EXTENSION_WORKING_DAYS, reason=reason, staff=staff)
    return ticket


def decide(
    ticket_id: int,
    staff: Staff,
    outcome: str,
    answer: str | None = None,
    ground: str | None = None,
    uploads: list[attachments.Upload] | None = None,
) -> InformationDecision:
    """Record the PPID's written decision and resolve the request.

    ``granted`` needs the information (``answer`` text or a document in ``uploads``);
    ``partly_granted`` needs it too, and the Pasal 17 exemption withholding the rest as ``ground``;
    ``refused`` needs a ``ground`` from ``information_grounds.GROUNDS`` (``answer`` then explains).
    Raises ``Invalid`` (errors keyed ``outcome``, ``answer``, ``ground``, ``document``) or ``Conflict``.
    """
    answer = (answer or "").strip() or None
    errors: dict[str, object] = {}
    try:
        checked = attachments.check_uploads(uploads or [])
    except attachments.AttachmentError as error:
        errors["document"] = error.args[0]
        checked = []
    found = information_grounds.ground(ground)
    if outcome not in OUTCOME_LABELS:
        errors["outcome"] = _l("Pilih keputusan.")
    if outcome in (GRANTED, PARTLY_GRANTED) and not (answer or checked or "document" in errors):
        errors["answer"] = _l("Tuliskan informasinya atau lampirkan dokumennya.")
    if outcome == PARTLY_GRANTED and (found is None or not found.exemption):
        errors["ground"] = _l("Pilih pengecualian (Pasal 17) yang menahan bagian yang tidak diberikan.")
    if outcome == REFUSED and found is None:
        errors["ground"] = _l("Penolakan wajib menyebut alasan hukumnya dari daftar.")
    if errors:
        raise Invalid(_l("Periksa kembali isian yang ditandai."), errors)
    ticket = locked_for_staff(ticket_id, staff)
    _require_open_request(ticket)
    kept_ground = None if outcome == GRANTED else ground
    event = transitions.move(
        ticket,
        lifecycle.RESOLVED,
        verb=lifecycle.ANSWER,
        kind="information_decided",
        staff=staff,
        body=_decision_text(outcome, answer, kept_ground, bool(checked)),
    )
    for item in checked:
        db.session.add(
            Attachment(
                ticket=ticket,
                event_id=event.id,
                original_name=redact_nik(item.original_name),
                stored_name=attachments.store(item),
                content_type=item.content_type,
                size=len(item.data),
                sha256=item.sha256,
            )
        )
    decision = InformationDecision(
        ticket_id=ticket.id,
        event_id=event.id,
        outcome=outcome,
        ground=kept_ground,
        answer=redact_nik(answer) if answer else None,
        staff_id=staff.id,
        agency_id=ticket.agency_id,
    )
    db.session.add(decision)
    db.session.flush()
    signals.information_decided.send(ticket, decision=decision, staff=staff)
    return decision


def decision_summary(decision: InformationDecision) -> str:
    """One line for the requester's notice: the outcome, with the legal ground when there is one."""
    with force_locale("id"):
        text = str(OUTCOME_LABELS[decision.outcome]).lower()
        found = information_grounds.ground(decision.ground)
        return f"{text} ({found.citation})" if found else text


def _decision_text(outcome: str, answer: str | None, ground: str | None, with_document: bool) -> str:
    with force_locale("id"):
        parts = [
            {
                GRANTED: _("Permintaan informasi dikabulkan."),
                PARTLY_GRANTED: _("Permintaan informasi dikabulkan sebagian."),
                REFUSED: _("Permintaan informasi ditolak."),
            }[outcome]
        ]
        if answer:
            parts.append(answer)
        if with_document:
            parts.append(_("Dokumen informasi terlampir."))
        if ground:
            label = _("Bagian yang tidak diberikan:") if outcome == PARTLY_GRANTED else _("Alasan:")
            parts.append(f"{label} {information_grounds.describe(ground)}")
        parts.append(str(OBJECTION_RIGHTS))
    return "\n".join(parts)


def _require_open_request(ticket: Ticket) -> None:
    if ticket.kind != kinds.INFORMATION:
        raise Conflict(_l("Tiket ini bukan permintaan informasi."))
    if ticket.status not in lifecycle.OPEN_STATES:
        raise Conflict(_l("Permintaan informasi ini sudah diputus atau ditutup."))
