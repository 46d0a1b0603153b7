"""The repair plan that travels with the workflow states (issue 11, item 5).

Moving a ticket to "survey scheduled" needs the survey date, to "awaiting budget" the planned
budget year, to "referred" the outside body; a work order may carry its number (SPK). The values
are checked here, kept on the ticket (what the status page shows now) and written into the public
text of the timeline event (what was said then). Every channel that changes a status comes
through ``suite.ticketing.services.change_status``, so the rules hold for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from suite.errors import Invalid
from suite.extensions import db
from suite.privacy.redaction import redact_nik
from suite.reference.external_bodies import external_body
from suite.registry import ServiceModule
from suite.ticketing import lifecycle
from suite.ticketing.models import Attachment, Ticket, TicketEvent

# What each staff photo shows (``Attachment.purpose``); "report" is the citizen's own.
PHOTO_PURPOSES = {
    "report": _l("Foto pelapor"),
    "survey": _l("Foto survei"),
    "before": _l("Sebelum perbaikan"),
    "after": _l("Sesudah perbaikan"),
}
STAFF_PHOTO_PURPOSES = ("survey", "before", "after")

# A survey may be recorded a few days late (the officer was in the field), never weeks late, and
# is planned at most a year ahead. A budget year is this year's (a revised budget) or one of the
# next three (the regional medium-term plan looks that far).
SURVEY_PAST_DAYS = 7
SURVEY_AHEAD_DAYS = 365
BUDGET_YEARS_AHEAD = 3


@dataclass
class StatusDetails:
    """What a workflow state carries; fields another state does not use are ignored."""

    survey_date: date | None = None
    work_order_number: str | None = None
    budget_year: int | None = None
    referred_to: str | None = None


def local_today() -> date:
    return datetime.now(ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Jakarta")).date()


def check_details(target: str, details: StatusDetails, note: str | None, today: date | None = None) -> None:
    """Refuse a move into a workflow state without what it needs, with a message per field."""
    today = today or local_today()
    errors: dict[str, object] = {}
    if target == lifecycle.SURVEY_SCHEDULED:
        earliest, latest = today - timedelta(days=SURVEY_PAST_DAYS), today + timedelta(days=SURVEY_AHEAD_DAYS)
        if details.survey_date is None:
            errors["survey_date"] = _l("Isi tanggal survei.")
        elif not earliest <= details.survey_date <= latest:
            errors["survey_date"] = _l(
                "Tanggal survei harus antara %(low)s dan %(high)s.",
                low=format_date(earliest, "long"),
                high=format_date(latest, "long"),
            )
    elif target == lifecycle.WORK_ORDERED:
        if len((details.work_order_number or "").strip()) > 60:
            errors["work_order_number"] = _l("Nomor SPK paling panjang 60 huruf.")
    elif target == lifecycle.AWAITING_BUDGET:
        last = today.year + BUDGET_YEARS_AHEAD
        if details.budget_year is None:
            errors["budget_year"] = _l("Isi tahun anggaran yang direncanakan.")
        elif not today.year <= details.budget_year <= last:
            errors["budget_year"] = _l(
                "Tahun anggaran harus antara %(first)s dan %(last)s.", first=today.year, last=last
            )
    elif target == lifecycle.REFERRED:
        if external_body(details.referred_to) is None:
            errors["referred_to"] = _l("Pilih instansi yang berwenang atas jalan ini.")
        if not (note or "").strip():
            errors["note"] = _l("Tuliskan alasannya (misalnya: ruas ini jalan nasional).")
    if errors:
        # The staff form shows the service's message, so it names what is wrong itself.
        raise Invalid(" ".join(str(message) for message in errors.values()), errors)


def apply(ticket: Ticket, target: str, details: StatusDetails) -> str | None:
    """Keep the plan on the ticket; return its public wording in the regency's language (for the
    timeline event), or None for a state that carries nothing."""
    if target == lifecycle.SURVEY_SCHEDULED:
        ticket.survey_date = details.survey_date
    elif target == lifecycle.WORK_ORDERED:
        ticket.work_order_number = redact_nik((details.work_order_number or "").strip()) or None
    elif target == lifecycle.AWAITING_BUDGET:
        ticket.budget_year = details.budget_year
    elif target == lifecycle.REFERRED:
        ticket.referred_to = details.referred_to
    else:
        return None
    with force_locale("id"):
        return detail_text(ticket, target)


def detail_text(ticket: Ticket, status: str) -> str | None:
    """ "Survei dijadwalkan 12 Desember 2026", "Menunggu anggaran tahun 2027", ... in the current
    language; None when the state carries no detail (or the ticket does not have it)."""
    if status == lifecycle.SURVEY_SCHEDULED and ticket.survey_date:
        return _("Survei dijadwalkan %(date)s", date=format_date(ticket.survey_date, "long"))
    if status == lifecycle.WORK_ORDERED and ticket.work_order_number:
        return _("Perintah kerja terbit (SPK %(number)s)", number=ticket.work_order_number)
    if status == lifecycle.AWAITING_BUDGET and ticket.budget_year:
        return _("Menunggu anggaran tahun %(year)s", year=ticket.budget_year)
    if status == lifecycle.REFERRED:
        body = external_body(ticket.referred_to)
        if body is not None:
            return _("Diteruskan ke %(body)s", body=body.name_for(ticket.desa_code))
    return None


def status_name(status: str, module: ServiceModule | None) -> str:
    """A state's name in the module's public wording, without the plan's detail."""
    label = module.status_label(status) if module is not None else None
    return str(label or lifecycle.STATUS_LABELS.get(status, status))


def describe(ticket: Ticket, module: ServiceModule | None) -> str:
    """The ticket's state as the public reads it: the module's wording ("Sudah diperbaiki"), with
    the plan's detail; a referral names the body and never reads as a rejection."""
    label = module.status_label(ticket.status) if module is not None else None
    detail = detail_text(ticket, ticket.status)
    if ticket.status == lifecycle.REFERRED and detail:
        return _("%(label)s: %(detail)s", label=label, detail=detail[:1].lower() + detail[1:]) if label else detail
    return detail or status_name(ticket.status, module)


def has_after_photo(ticket: Ticket) -> bool:
    """An after photo taken since the citizen last reopened the ticket: a reopening says the
    repair did not hold, so the photo of it does not prove the next one."""
    reopened_at = db.session.execute(
        select(func.max(TicketEvent.created_at)).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "reopened"
        )
    ).scalar_one()
    query = select(Attachment.id).where(Attachment.ticket_id == ticket.id, Attachment.purpose == "after")
    if reopened_at is not None:
        query = query.where(Attachment.created_at >= reopened_at)
    return db.session.execute(query.limit(1)).first() is not None


def check_resolution(ticket: Ticket, module: ServiceModule | None) -> None:
    """A module that promises an after-repair photo (e-Lorong's published standard) cannot
    resolve without one, whichever path resolves."""
    if module is not None and module.requires_after_photo and not has_after_photo(ticket):
        raise lifecycle.TransitionError(
            _l(
                "Laporan ini baru dapat dinyatakan selesai setelah foto sesudah perbaikan diunggah "
                '(Foto petugas, jenis "Sesudah perbaikan").'
            ),
            {"status": _l("Unggah foto sesudah perbaikan terlebih dahulu.")},
        )
