"""Citizen-facing pages: module chooser, tracking, my reports, attachments, language."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from suite.database import begin_write
from suite.extensions import db
from suite.identity.auth import citizen_required
from suite.registry import enabled_modules, get_module
from suite.ticketing import access, attachments
from suite.ticketing.codes import normalise_code
from suite.ticketing.models import Attachment, Ticket
from suite.ticketing.services import TicketError, comment_as_citizen, public_events

blueprint = Blueprint("portal", __name__)


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Tambahkan keterangan"), validators=[DataRequired(), Length(max=4000)])


@blueprint.route("/")
def home():
    return render_template("portal/home.html", modules=list(enabled_modules().values()))


@blueprint.route("/lacak")
def track():
    raw = request.args.get("kode", "")
    if raw:
        return redirect(url_for(".status", code=normalise_code(raw)))
    return render_template("portal/track.html")


@blueprint.route("/lacak/<code>")
def status(code: str):
    ticket = _ticket_by_code(normalise_code(code))
    if ticket is None:
        return render_template("portal/track.html", not_found=code), 404
    return render_template("portal/status.html", ticket=ticket, module=get_module(ticket.module),
                           events=public_events(ticket))


@blueprint.route("/laporan-saya")
@citizen_required
def my_tickets():
    tickets = db.session.execute(
        select(Ticket).where(Ticket.citizen_id == current_user.id).order_by(Ticket.created_at.desc())
    ).scalars().all()
    return render_template("portal/my_tickets.html", tickets=tickets, modules=enabled_modules())


@blueprint.route("/laporan-saya/<code>", methods=["GET", "POST"])
@citizen_required
def my_ticket(code: str):
    ticket = _ticket_by_code(normalise_code(code))
    if ticket is None or ticket.citizen_id != current_user.id:
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        ticket_id = ticket.id
        begin_write()
        try:
            comment_as_citizen(ticket_id, current_user, form.body.data)
            db.session.commit()
            flash(_("Keterangan Anda ditambahkan."), "success")
            return redirect(url_for(".my_ticket", code=code))
        except TicketError as error:
            db.session.rollback()
            flash(error.message, "error")
        ticket = db.session.get(Ticket, ticket_id)
    return render_template("portal/my_ticket.html", ticket=ticket, module=get_module(ticket.module),
                           events=public_events(ticket), form=form)


@blueprint.route("/lampiran/<int:attachment_id>")
def attachment(attachment_id: int):
    item = db.session.get(Attachment, attachment_id)
    if item is None or not _may_download(item):
        abort(404)
    response = send_file(attachments.upload_path(item.stored_name), mimetype=item.content_type,
                         download_name=item.original_name, as_attachment=item.content_type == "application/pdf")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.route("/bahasa", methods=["POST"])
def set_language():
    lang = request.form.get("lang")
    if lang in current_app.config["SUITE_LANGUAGES"]:
        session["lang"] = lang
    target = request.form.get("next") or url_for(".home")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for(".home"))


def _ticket_by_code(code: str) -> Ticket | None:
    return db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one_or_none()


def _may_download(item: Attachment) -> bool:
    if not current_user.is_authenticated:
        return False
    if current_user.is_staff:
        return access.can_view(current_user, item.ticket)
    return item.ticket.citizen_id == current_user.id
