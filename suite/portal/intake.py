"""The module page and intake form every module gets from the core."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.database import begin_write
from suite.extensions import db
from suite.identity.auth import citizen_required
from suite.portal.forms import IntakeForm
from suite.ticketing import attachments
from suite.ticketing.services import TicketDraft, TicketError, open_ticket


def add_intake_routes(blueprint: Blueprint, module) -> None:
    def index():
        return render_template("portal/module.html", module=module)

    @citizen_required
    def intake():
        refusal = module.check_citizen(current_user)
        if refusal:
            flash(refusal, "error")
            return redirect(url_for(".index"))
        form = (module.intake_form or IntakeForm)(module=module)
        if form.validate_on_submit():
            outcome = submit_intake(module, form, channel="web")
            if outcome is not None:
                return outcome
        elif form.is_submitted():
            flash(_("Laporan belum terkirim. Periksa isian yang ditandai."), "error")
        return render_template(module.intake_template, module=module, form=form), (
            422 if form.is_submitted() else 200)

    blueprint.add_url_rule("/", "index", index)
    blueprint.add_url_rule("/lapor", "intake", intake, methods=["GET", "POST"])


def draft_from_form(form) -> TicketDraft:
    return TicketDraft(
        category=form.category.data,
        description=form.description.data,
        desa_code=form.desa_code.data or None,
        latitude=form.latitude.data,
        longitude=form.longitude.data,
        extras={field.name: _plain(field.data) for field in form.extra_fields()},
        anonymous=bool(form.anonymous.data),
        confidential=bool(form.confidential.data),
    )


def uploads_from_form(form) -> list[attachments.Upload]:
    return [attachments.Upload(f.filename, f.read()) for f in (form.photos.data or [])
            if getattr(f, "filename", None)]


def submit_intake(module, form, channel: str):
    """Open the ticket from a validated form; return a redirect, or None with form errors set."""
    draft = draft_from_form(form)
    uploads = uploads_from_form(form)
    begin_write()
    result = None
    try:
        result = open_ticket(module, current_user, draft, uploads, channel=channel,
                             idempotency_key=form.idempotency_key.data)
        db.session.commit()
    except TicketError as error:
        db.session.rollback()
        for name, message in error.errors.items():
            field = getattr(form, name, None)
            (field.errors if field is not None else form.form_errors).append(message)
        flash(error.message, "error")
        return None
    except Exception:
        db.session.rollback()
        if result is not None:
            attachments.discard(result.stored_files)
        raise
    ticket = result.ticket
    if result.created:
        flash(_("Laporan Anda diterima. Kode lacak: %(code)s", code=ticket.code), "success")
    return redirect(url_for("portal.my_ticket", code=ticket.code))


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


__all__ = ["add_intake_routes", "submit_intake"]
