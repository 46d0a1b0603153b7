"""Staff pages: sign-in, the agency queue, and acting on a ticket."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from suite import reference
from suite.database import begin_write
from suite.extensions import db, limiter
from suite.identity.auth import login_rate_limit, staff_required
from suite.identity.forms import StaffLoginForm
from suite.identity.models import Staff
from suite.identity.services import authenticate_staff
from suite.registry import enabled_modules, get_module
from suite.staff.forms import AssignForm, ReplyForm, StatusForm
from suite.ticketing import access, lifecycle, services
from suite.ticketing.codes import normalise_code
from suite.ticketing.models import Ticket

blueprint = Blueprint("staff", __name__, url_prefix="/petugas")
PAGE_SIZE = 50


@blueprint.route("/masuk", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    form = StaffLoginForm()
    if form.validate_on_submit():
        staff = authenticate_staff(form.email.data, form.password.data)
        if staff is not None:
            login_user(staff)
            return redirect(url_for(".queue"))
        form.password.errors.append(_("Email atau kata sandi salah."))
    return render_template("staff/login.html", form=form), (422 if form.is_submitted() else 200)


@blueprint.route("/")
@staff_required()
def queue():
    filters = access.queue_filter(current_user)
    status = request.args.get("status", "open")
    if status == "open":
        filters.append(Ticket.status.in_(lifecycle.OPEN_STATES))
    elif status in lifecycle.STATUS_LABELS:
        filters.append(Ticket.status == status)
    module = request.args.get("module")
    if module in enabled_modules():
        filters.append(Ticket.module == module)
    kecamatan = request.args.get("kecamatan")
    if kecamatan:
        filters.append(Ticket.kecamatan_code == kecamatan)
    if request.args.get("mine"):
        filters.append(Ticket.assignee_id == current_user.id)
    # Keyset pagination: "older than id N" stays fast however deep the queue is.
    before = request.args.get("sebelum", type=int)
    if before:
        filters.append(Ticket.id < before)
    rows = db.session.execute(
        select(Ticket).where(*filters).order_by(Ticket.id.desc()).limit(PAGE_SIZE + 1)
    ).scalars().all()
    next_before = rows[PAGE_SIZE - 1].id if len(rows) > PAGE_SIZE else None
    args = {k: v for k, v in request.args.items() if k != "sebelum"}
    return render_template("staff/queue.html", tickets=rows[:PAGE_SIZE], next_before=next_before,
                           args=args, status=status, modules=enabled_modules(),
                           statuses=lifecycle.STATUS_LABELS, kecamatan=reference.kecamatan_list())


@blueprint.route("/tiket/<code>")
@staff_required()
def ticket(code: str):
    item = _visible_ticket(code)
    return _render_ticket(item)


@blueprint.route("/tiket/<code>/tanggapan", methods=["POST"])
@staff_required()
def reply(code: str):
    item = _visible_ticket(code)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _render_ticket(item, reply_form=form), 422
    internal = form.visibility.data == "internal"
    return _act(item, lambda: services.reply(item.id, current_user, form.body.data, internal=internal),
                _("Catatan internal disimpan.") if internal else _("Tanggapan dikirim ke warga."),
                reply_form=form)


@blueprint.route("/tiket/<code>/status", methods=["POST"])
@staff_required()
def change_status(code: str):
    item = _visible_ticket(code)
    form = StatusForm()
    form.status.choices = [(s, s) for s in lifecycle.STATUS_LABELS]  # any known state; lifecycle decides
    if not form.validate_on_submit():
        return _render_ticket(item, status_form=form), 422
    return _act(item, lambda: services.change_status(item.id, current_user, form.status.data, form.note.data),
                _("Status diubah."), status_form=form)


@blueprint.route("/tiket/<code>/tugaskan", methods=["POST"])
@staff_required()
def assign(code: str):
    item = _visible_ticket(code)
    form = AssignForm()
    form.assignee.choices = _assignee_choices(item)
    if not form.validate_on_submit():
        return _render_ticket(item, assign_form=form), 422
    assignee = db.session.get(Staff, int(form.assignee.data)) if form.assignee.data else None
    assignee_id = assignee.id if assignee else None

    def run():
        target = db.session.get(Staff, assignee_id) if assignee_id else None
        return services.assign(item.id, current_user, target)

    return _act(item, run, _("Penugasan disimpan."), assign_form=form)


def _act(item: Ticket, operation, success: str, **forms):
    code = item.code
    begin_write()
    try:
        operation()
        db.session.commit()
    except (services.TicketError, lifecycle.TransitionError) as error:
        db.session.rollback()
        status = getattr(error, "status", 409 if isinstance(error, lifecycle.TransitionError) else 400)
        if status == 403:
            abort(403)
        flash(str(error), "error")
        return _render_ticket(_visible_ticket(code), **forms), status
    flash(success, "success")
    return redirect(url_for(".ticket", code=code))


def _visible_ticket(code: str) -> Ticket:
    item = db.session.execute(select(Ticket).where(Ticket.code == normalise_code(code))).scalar_one_or_none()
    if item is None:
        abort(404)
    if not access.can_view(current_user, item):
        abort(403)
    return item


def _status_form(item: Ticket, form: StatusForm | None = None) -> StatusForm:
    form = form or StatusForm(formdata=None)
    form.status.choices = [(s, lifecycle.STATUS_LABELS[s]) for s in lifecycle.allowed_targets(item.status)]
    return form


def _assignee_choices(item: Ticket):
    staff = db.session.execute(access.assignable_staff(item)).scalars().all()
    return [("", _("— belum ditugaskan —"))] + [(str(s.id), s.full_name) for s in staff]


def _render_ticket(item: Ticket, reply_form=None, status_form=None, assign_form=None):
    assign_form = assign_form or AssignForm(formdata=None, assignee=str(item.assignee_id or ""))
    assign_form.assignee.choices = _assignee_choices(item)
    module = get_module(item.module)
    return render_template(
        "staff/ticket.html", ticket=item, module=module,
        extras=module.describe_extras(item) if module else [],
        reply_form=reply_form or ReplyForm(formdata=None),
        status_form=_status_form(item, status_form), assign_form=assign_form,
        reveal_identity=not item.anonymous)
