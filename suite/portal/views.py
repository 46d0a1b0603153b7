"""Citizen-facing pages: module chooser, tracking, my reports, attachments, language."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from suite.database import write_transaction
from suite.errors import DomainError
from suite.extensions import db
from suite.identity.auth import citizen_required
from suite.identity.redirects import safe_redirect_target
from suite.notify.services import mark_read, unread_for
from suite.registry import enabled_modules, get_module
from suite.sla import policy
from suite.ticketing import access, attachments, citizen_actions, lifecycle, module_state, staff_photos
from suite.ticketing.codes import normalise_code
from suite.ticketing.dispositions import follow
from suite.ticketing.models import Attachment, Follower, Ticket, TicketEvent
from suite.ticketing.services import comment_as_citizen, public_events
from suite.web_errors import status_for

blueprint = Blueprint("portal", __name__)


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Tambahkan keterangan"), validators=[DataRequired(), Length(max=4000)])


class RatingForm(FlaskForm):
    score = RadioField(
        _l("Seberapa puas Anda dengan penanganan laporan ini?"),
        coerce=int,
        choices=[
            (5, _l("5 — sangat puas")),
            (4, _l("4 — puas")),
            (3, _l("3 — cukup")),
            (2, _l("2 — kurang puas")),
            (1, _l("1 — tidak puas")),
        ],
        validators=[InputRequired(_l("Pilih nilai 1 sampai 5."))],
    )
    comment = TextAreaField(_l("Komentar (opsional)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        _l("Mengapa Anda belum puas?"),
        validators=[DataRequired(_l("Wajib diisi.")), Length(min=5, max=2000)],
        render_kw={"rows": 2},
    )


@blueprint.route("/")
def home():
    modules = list(enabled_modules().values())
    # A closed module is shown closed, with its notice, never hidden (issue 12, item 1).
    closed = {m.code: module_state.closed_message(m) for m in modules if not module_state.is_open(m.code)}
    return render_template("portal/home.html", modules=modules, closed_messages=closed)


@blueprint.route("/lacak")
def track():
    raw = request.args.get("kode", "")
    if raw:
        return redirect(url_for(".status", code=normalise_code(raw)))
    return render_template("portal/track.html")


@blueprint.route("/lacak/<code>")
def status(code: str):
    ticket = _ticket_for_status_page(normalise_code(code))
    if ticket is None:
        return render_template("portal/track.html", not_found=code), 404
    return render_template(
        "portal/status.html",
        ticket=ticket,
        module=get_module(ticket.module),
        events=public_events(ticket),
        standing=policy.standing(ticket),
        repair_photos=staff_photos.public_photos(ticket, get_module(ticket.module)),
    )


@blueprint.route("/lacak/<code>/foto/<int(max=2147483647):attachment_id>")
def repair_photo(code: str, attachment_id: int):
    """A before or after photo of a public ticket, for anyone (issue 11, item 2); nothing else."""
    ticket = _ticket_by_code(normalise_code(code))
    item = db.session.get(Attachment, attachment_id)
    if ticket is None or item is None or item not in staff_photos.public_photos(ticket, get_module(ticket.module)):
        abort(404)
    response = send_file(attachments.upload_path(item.stored_name), mimetype=item.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Not cached by shared caches: a ticket made confidential later must stop showing it at once.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@blueprint.route("/laporan-saya")
@citizen_required
def my_tickets():
    # Paged (issue 13): a citizen who reports every week has hundreds after a few years, and the
    # whole list was rendered on every visit. Offsets are fine here: one citizen's tickets only.
    page = _page_number(request.args.get("halaman"))
    rows = (
        db.session.execute(
            select(Ticket)
            .where(Ticket.citizen_id == current_user.id)
            .order_by(Ticket.created_at.desc(), Ticket.id.desc())
            .offset((page - 1) * MY_TICKETS_PAGE)
            .limit(MY_TICKETS_PAGE + 1)
        )
        .scalars()
        .all()
    )
    tickets, has_next = rows[:MY_TICKETS_PAGE], len(rows) > MY_TICKETS_PAGE
    followed = (
        db.session.execute(
            select(Ticket)
            .join(Follower, Follower.ticket_id == Ticket.id)
            .where(Follower.citizen_id == current_user.id)
            .order_by(Ticket.created_at.desc())
        )
        .scalars()
        .all()
    )
    notifications = unread_for("citizen", current_user.id, limit=20)
    if notifications:
        with write_transaction():
            mark_read("citizen", current_user.id)
    return render_template(
        "portal/my_tickets.html",
        tickets=tickets,
        page=page,
        has_next=has_next,
        followed=followed,
        notifications=notifications,
        modules=enabled_modules(),
    )


MY_TICKETS_PAGE = 50
_LAST_PAGE = 10_000  # far past any citizen's reports; keeps a made-up number from overflowing


def _page_number(raw: str | None) -> int:
    """``halaman`` as a page number from 1; anything else reads as the first page."""
    try:
        return min(max(int(raw or 1), 1), _LAST_PAGE)
    except ValueError:
        return 1


@blueprint.route("/laporan-saya/<code>", methods=["GET", "POST"])
@citizen_required
def my_ticket(code: str):
    ticket = _ticket_by_code(normalise_code(code))
    if ticket is None or ticket.citizen_id != current_user.id:
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        ticket_id = ticket.id
        try:
            with write_transaction():
                comment_as_citizen(ticket_id, current_user, form.body.data)
            flash(_("Keterangan Anda ditambahkan."), "success")
            return redirect(url_for(".my_ticket", code=code))
        except DomainError as error:
            flash(error.message, "error")
        ticket = _still_there(db.session.get(Ticket, ticket_id))
    return _render_my_ticket(ticket, form=form)


@blueprint.route("/laporan-saya/<code>/nilai", methods=["POST"])
@citizen_required
def rate_ticket(code: str):
    ticket = _own_ticket_or_404(code)
    form = RatingForm()
    if not form.validate_on_submit():
        return _render_my_ticket(ticket, rating_form=form), 422
    return _citizen_act(
        ticket,
        lambda: citizen_actions.rate(ticket.id, current_user, form.score.data, form.comment.data),
        _("Terima kasih atas penilaian Anda."),
        rating_form=form,
    )


@blueprint.route("/laporan-saya/<code>/buka-kembali", methods=["POST"])
@citizen_required
def reopen_ticket(code: str):
    ticket = _own_ticket_or_404(code)
    form = ReopenForm()
    if not form.validate_on_submit():
        return _render_my_ticket(ticket, reopen_form=form), 422
    return _citizen_act(
        ticket,
        lambda: citizen_actions.reopen(ticket.id, current_user, form.reason.data),
        _("Laporan dibuka kembali dan dikembalikan ke petugas."),
        reopen_form=form,
    )


@blueprint.route("/lacak/<code>/ikuti", methods=["POST"])
@citizen_required
def follow_ticket(code: str):
    ticket = _ticket_by_code(normalise_code(code))
    if ticket is None or ticket.is_confidential:
        abort(404)
    if ticket.citizen_id != current_user.id:
        with write_transaction():
            follow(_still_there(db.session.get(Ticket, ticket.id)), current_user.id)
    flash(_("Anda mengikuti laporan %(code)s; kabar terbarunya muncul di Laporan saya.", code=code), "success")
    return redirect(url_for(".my_tickets"))


def _own_ticket_or_404(code: str) -> Ticket:
    ticket = _ticket_by_code(normalise_code(code))
    if ticket is None or ticket.citizen_id != current_user.id:
        abort(404)
    return ticket


def _citizen_act(ticket: Ticket, operation, success: str, **forms):
    code = ticket.code
    try:
        with write_transaction():
            operation()
    except DomainError as error:
        flash(error.message, "error")
        return _render_my_ticket(_still_there(_ticket_by_code(code)), **forms), status_for(error)
    flash(success, "success")
    return redirect(url_for(".my_ticket", code=code))


def _render_my_ticket(ticket: Ticket, form=None, rating_form=None, reopen_form=None):
    rating = citizen_actions.rating_of(ticket)
    can_rate = ticket.status in lifecycle.FINISHED_STATES and rating is None and not ticket.merged_into_id
    return render_template(
        "portal/my_ticket.html",
        ticket=ticket,
        module=get_module(ticket.module),
        events=public_events(ticket),
        form=form or CommentForm(formdata=None),
        standing=policy.standing(ticket),
        rating=rating,
        rating_form=(rating_form or RatingForm(formdata=None)) if can_rate else None,
        reopen_form=(reopen_form or ReopenForm(formdata=None)) if citizen_actions.can_reopen(ticket) else None,
    )


@blueprint.route("/lampiran/<int(max=2147483647):attachment_id>")
def attachment(attachment_id: int):
    item = db.session.get(Attachment, attachment_id)
    if item is None or not _may_download(item):
        abort(404)
    response = send_file(
        attachments.upload_path(item.stored_name),
        mimetype=item.content_type,
        download_name=item.original_name,
        as_attachment=item.content_type == "application/pdf",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.route("/favicon.ico")
def favicon():
    # Every page names its icon (<link rel="icon"> in base.html); this answers the clients that ask
    # the root anyway. The static copy, under its versioned URL, is the one cached.
    return redirect(url_for("static", filename="favicon.ico"))


@blueprint.route("/bahasa", methods=["POST"])
def set_language():
    lang = request.form.get("lang")
    if lang in current_app.config["SUITE_LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_redirect_target(request.form.get("next")) or url_for(".home"))


def _still_there(ticket: Ticket | None) -> Ticket:
    """A ticket this request already found, loaded again: tickets are never deleted, but if one
    were, the page would be a 404."""
    if ticket is None:
        abort(404)
    return ticket


def _ticket_by_code(code: str) -> Ticket | None:
    return db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one_or_none()


# Built once: its loader options cost more CPU to build than the statement takes to run.
_STATUS_PAGE_TICKET = (
    select(Ticket)
    .where(Ticket.code == bindparam("code"))
    .options(
        joinedload(Ticket.agency),
        joinedload(Ticket.events).joinedload(TicketEvent.agency),
        selectinload(Ticket.attachments),
    )
)


def _ticket_for_status_page(code: str) -> Ticket | None:
    """The ticket with what its public page shows, in two statements (issue 13): its timeline and
    their agencies joined to it, its files next; lazily, each was a round trip of its own."""
    return db.session.execute(_STATUS_PAGE_TICKET, {"code": code}).unique().scalar_one_or_none()


def _may_download(item: Attachment) -> bool:
    if not current_user.is_authenticated:
        return False
    if current_user.is_staff:
        return access.can_view(current_user, item.ticket)
    # Survey photos are the officers' working material, not the citizen's.
    return item.ticket.citizen_id == current_user.id and item.purpose != "survey"


from suite.portal import (  # noqa: E402,F401  (the public map and support, issue 11)
    map_views,
    menu_entries,  # noqa: E402,F401  (issue 14, item 6: the citizen's main menu)
    standard_views,  # noqa: E402,F401  (published service standards, issue 12)
    support_views,
    webapp_views,  # noqa: E402,F401  (the installable web app, issue 14)
)
