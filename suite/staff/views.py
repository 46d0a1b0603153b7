"""Staff pages: sign-in, the agency queue, and acting on a ticket."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite import reference
from suite.audit.services import record_read
from suite.database import write_transaction
from suite.errors import DomainError
from suite.extensions import db, limiter
from suite.identity.auth import login_rate_limit, staff_required
from suite.identity.forms import StaffLoginForm
from suite.identity.lockout import sign_in_staff
from suite.identity.models import Agency, Staff
from suite.identity.redirects import safe_redirect_target
from suite.identity.sign_in_attempt import attempt_sign_in
from suite.notify.services import mark_read, unread_for
from suite.reference.external_bodies import external_bodies
from suite.registry import enabled_modules, get_module
from suite.sla import policy
from suite.sla.policy import is_overdue
from suite.staff.forms import AssignForm, BulkForm, ForwardForm, MergeForm, ReplyForm, StatusForm
from suite.staff.queue import params_from_args, queue_page
from suite.ticketing import access, kinds, lifecycle, repair, services
from suite.ticketing.citizen_actions import rating_of
from suite.ticketing.codes import normalise_code
from suite.ticketing.dispositions import forward_chain
from suite.ticketing.models import Ticket
from suite.ticketing.response_templates import templates_for
from suite.web_errors import status_for

blueprint = Blueprint("staff", __name__, url_prefix="/petugas")


@blueprint.route("/masuk", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    form = StaffLoginForm()
    if form.validate_on_submit():
        staff, locked_page = attempt_sign_in(
            sign_in_staff,
            form.email.data,
            form.password.data,
            source="web:staff",
            form=form,
            template="staff/login.html",
        )
        if locked_page is not None:
            return locked_page
        if staff is not None:  # the password is right: the second factor next (issue 9, item 4)
            from suite.staff.security_views import after_password

            return after_password(staff, safe_redirect_target(request.args.get("next")))
        form.password.errors.append(_("Email atau kata sandi salah."))
    return render_template("staff/login.html", form=form), (422 if form.is_submitted() else 200)


@blueprint.route("/")
@staff_required()
def queue():
    args = request.args
    params = params_from_args(args)
    page = queue_page(current_user, params, enabled_modules())
    kept = {k: v for k, v in args.items() if k != "setelah"}
    # Tickets forwarded away are followed, not worked on: no bulk actions on that list.
    bulk = _bulk_form() if current_user.role in ("supervisor", "admin") and not params.forwarded else None
    return render_template(
        "staff/queue.html",
        page=page,
        tickets=page.tickets,
        args=kept,
        params=params,
        modules=enabled_modules(),
        statuses=lifecycle.STATUS_LABELS,
        kinds=kinds.LABELS,
        kecamatan=reference.kecamatan_list(),
        is_overdue=is_overdue,
        bulk=bulk,
        notifications=unread_for("staff", current_user.id, limit=10),
    )


@blueprint.route("/notifikasi/dibaca", methods=["POST"])
@staff_required()
def notifications_read():
    with write_transaction():
        mark_read("staff", current_user.id)
    return redirect(url_for(".queue"))


@blueprint.route("/tiket/<code>")
@staff_required()
def ticket(code: str):
    item = _visible_ticket(code)
    module = get_module(item.module)
    if item.sensitive or (module is not None and module.care_root):
        # Health data: who read which ticket, when and from where (UU 27/2022 breach reports).
        record_read("ticket", item.code, staff=current_user, detail=f"staff ticket page ({item.module})")
    return _render_ticket(item)


@blueprint.route("/tiket/<code>/tanggapan", methods=["POST"])
@staff_required()
def reply(code: str):
    item = _actionable_ticket(code)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _render_ticket(item, reply_form=form), 422
    internal = form.visibility.data == "internal"
    return _act(
        item,
        lambda: services.reply(item.id, current_user, form.body.data, internal=internal),
        _("Catatan internal disimpan.") if internal else _("Tanggapan dikirim ke warga."),
        reply_form=form,
    )


@blueprint.route("/tiket/<code>/status", methods=["POST"])
@staff_required()
def change_status(code: str):
    item = _actionable_ticket(code)
    form = StatusForm()
    form.status.choices = [(s, s) for s in lifecycle.STATUS_LABELS]  # any known state; lifecycle decides
    form.referred_to.choices = [("", "")] + [(code, code) for code in external_bodies()]
    if not form.validate_on_submit():
        return _render_ticket(item, status_form=form), 422
    details = repair.StatusDetails(
        survey_date=form.survey_date.data,
        work_order_number=form.work_order_number.data,
        budget_year=form.budget_year.data,
        referred_to=form.referred_to.data or None,
    )
    return _act(
        item,
        lambda: services.change_status(item.id, current_user, form.status.data, form.note.data, details),
        _("Status diubah."),
        status_form=form,
    )


@blueprint.route("/tiket/<code>/tugaskan", methods=["POST"])
@staff_required()
def assign(code: str):
    item = _actionable_ticket(code)
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
    error = attempt(operation)
    if error is not None:
        return _render_ticket(_visible_ticket(code), **forms), status_for(error)
    flash(success, "success")
    return redirect(url_for(".ticket", code=code))


def attempt(operation) -> DomainError | None:
    """Run a staff action in one write transaction. A refusal is flashed and returned for the page
    to be shown again (403 aborts: the ticket is not theirs); None when it was done."""
    try:
        with write_transaction():
            operation()
    except DomainError as error:
        if status_for(error) == 403:
            abort(403)
        flash(str(error), "error")
        return error
    return None


def _visible_ticket(code: str) -> Ticket:
    item = db.session.execute(select(Ticket).where(Ticket.code == normalise_code(code))).scalar_one_or_none()
    if item is None:
        abort(404)
    if not access.can_view(current_user, item):
        abort(403)
    return item


def _actionable_ticket(code: str) -> Ticket:
    """A ticket the signed-in staff member may act on; one they only follow (their agency forwarded
    it away, issue 11 item 7) is refused with 403 before any form is read."""
    item = _visible_ticket(code)
    if not access.can_act(current_user, item):
        abort(403)
    return item


def _status_form(item: Ticket, form: StatusForm | None = None) -> StatusForm:
    module = get_module(item.module)
    form = form or StatusForm(formdata=None, referred_to=module.referral_body(item) if module else None)
    optional = module.workflow_states if module else ()
    form.status.choices = [
        (s, (module.status_label(s) if module else None) or lifecycle.STATUS_LABELS[s])
        for s in lifecycle.allowed_targets(item.status, optional)
    ]
    form.referred_to.choices = [("", _("— pilih —"))] + [
        (body.code, body.name_for(item.desa_code)) for body in external_bodies().values()
    ]
    return form


def _assignee_choices(item: Ticket):
    staff = db.session.execute(access.assignable_staff(item)).scalars().all()
    return [("", _("— belum ditugaskan —"))] + [(str(s.id), s.full_name) for s in staff]


def _render_ticket(
    item: Ticket,
    reply_form=None,
    status_form=None,
    assign_form=None,
    forward_form=None,
    merge_form=None,
    reclassify_form=None,
):
    from suite.staff.classification_views import classification_context  # it imports this module's blueprint

    assign_form = assign_form or AssignForm(formdata=None, assignee=str(item.assignee_id or ""))
    assign_form.assignee.choices = _assignee_choices(item)
    forward_form = forward_form or ForwardForm(formdata=None)
    forward_form.agency.choices = agency_choices(exclude=item.agency_id, module=get_module(item.module))
    templates = templates_for(item, current_user)
    if reply_form is None:
        chosen = next((t for t in templates if str(t.id) == request.args.get("templat")), None)
        reply_form = ReplyForm(formdata=None, body=chosen.body if chosen else None)
    module = get_module(item.module)
    return render_template(
        "staff/ticket.html",
        ticket=item,
        module=module,
        extras=module.describe_extras(item) if module else [],
        reply_form=reply_form,
        status_form=_status_form(item, status_form),
        assign_form=assign_form,
        forward_form=forward_form,
        merge_form=merge_form or MergeForm(formdata=None),
        templates=templates,
        standing=policy.standing(item),
        overdue=is_overdue(item),
        forwards=forward_chain(item),
        rating=rating_of(item),
        can_act=access.can_act(current_user, item),
        **classification_context(item, reclassify_form),
    )


def agency_choices(exclude: int | None = None, module=None):
    """Forwarding targets; a health ticket's only those of its care tree (the service refuses others too)."""
    allowed = access.care_agency_ids(module)
    agencies = db.session.execute(select(Agency).where(Agency.active.is_(True)).order_by(Agency.name)).scalars()
    return [("", _("— pilih —"))] + [
        (str(a.id), a.name) for a in agencies if a.id != exclude and (allowed is None or a.id in allowed)
    ]


def _bulk_form(form: BulkForm | None = None) -> BulkForm:
    form = form or BulkForm(formdata=None)
    staff = (
        db.session.execute(select(Staff).where(*access.staff_scope_filter(current_user)).order_by(Staff.full_name))
        .scalars()
        .all()
    )
    form.assignee.choices = [("", _("— pilih —"))] + [(str(s.id), s.full_name) for s in staff]
    form.agency.choices = agency_choices()
    return form


from suite.staff import (  # noqa: E402,F401  (more staff routes)
    budget_views,  # issue 12, item 9: the budget-planning report
    call_centre,
    classification_views,  # re-classification and the routing suggestion (issue 11, items 6 and 8)
    command_views,  # noqa: E402,F401  (the command centre, issue 12 item 8)
    connector_views,  # issue 11, item 10: forwarding to SP4N-LAPOR! and other systems
    disposition_views,
    identity_views,  # noqa: E402,F401  (the identity desk, issue 9 item 5)
    information_views,  # noqa: E402,F401  (ticket kinds: information requests, suggestions; issue 11 item 9)
    invitation_views,  # issue 12, item 3: a staff invitation's one-time link
    menu_entries,  # issue 14, item 6: the staff pages of the main menu
    performance_views,
    photo_views,  # noqa: E402,F401  (staff photos of a repair, issue 11)
    profile_views,
    statistics_views,  # noqa: E402,F401  (staff statistics and CSV exports, issue 12 item 10)
)
