"""Admin: staff accounts (issue 12, item 3). The list (filters: agency, role, active) holds the
invitation form; each account has a page to change its role, agency, module scopes and call-centre
duty, and to switch it off or on. The rules are in ``suite.identity.staff_accounts`` and
``suite.identity.invitations``; the CLI's ``create-staff`` stays for the first admin."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from suite.admin import screens
from suite.admin.people_forms import StaffAssignmentForm, StaffInviteForm
from suite.admin.views import blueprint
from suite.database import write_transaction
from suite.errors import DomainError, Invalid
from suite.extensions import db
from suite.identity import invitations
from suite.identity.auth import staff_required
from suite.identity.models import Agency, Staff, StaffInvitation
from suite.identity.staff_accounts import ROLE_LABELS, set_active, update_staff
from suite.registry import enabled_modules
from suite.web_links import absolute_url

PAGE_SIZE = 200  # a regency has a few hundred staff: one page, filtered


class ActionForm(FlaskForm):
    """CSRF only: switch an account off or on, withdraw an invitation."""


@blueprint.route("/petugas")
@staff_required("admin")
def staff_accounts():
    return _list_page(_with_choices(StaffInviteForm(formdata=None)))


@blueprint.route("/petugas/undang", methods=["POST"])
@staff_required("admin")
def invite_staff():
    form = _with_choices(StaffInviteForm())
    if form.validate_on_submit() and not _unknown_agency(form):
        invitee = invitations.Invitee(
            email=form.email.data or "",
            full_name=form.full_name.data or "",
            role=form.role.data or "",
            agency=_agency(form.agency_id.data),
            module_codes=list(form.module_codes.data or []),
            call_centre=bool(form.call_centre.data),
        )
        try:
            with write_transaction():
                link = invitations.invite(
                    current_user,
                    invitee,
                    enabled_modules().keys(),
                    lambda token: absolute_url("staff.invitation_link", token=token),
                )
        except Invalid as error:
            _show_errors(form, error)
        else:
            # Shown once, here: only its hash is stored (no-store is the default for every page).
            return render_template("admin/staff_invited.html", link=link, email=invitee.email.strip().lower())
    return _list_page(form, status=422)


@blueprint.route("/petugas/<int(max=2147483647):staff_id>", methods=["GET", "POST"])
@staff_required("admin")
def edit_staff(staff_id: int):
    staff = db.session.get(Staff, staff_id) or abort(404)
    form = _with_choices(StaffAssignmentForm(obj=staff))
    if not form.is_submitted():
        form.agency_id.data = str(staff.agency_id or "")
        form.module_codes.data = list(staff.module_codes or [])
    if form.validate_on_submit() and not _unknown_agency(form):
        try:
            with write_transaction():
                staff = db.session.get(Staff, staff_id) or abort(404)
                changed = update_staff(
                    current_user,
                    staff,
                    role=form.role.data or "",
                    agency=_agency(form.agency_id.data),
                    module_codes=list(form.module_codes.data or []),
                    call_centre=bool(form.call_centre.data),
                    installed=enabled_modules().keys(),
                )
        except DomainError as error:
            _show_errors(form, error)
        else:
            flash(_("Akun petugas disimpan.") if changed else _("Tidak ada perubahan."), "success")
            return redirect(url_for(".edit_staff", staff_id=staff_id))
    db.session.refresh(staff)
    return render_template("admin/staff_edit.html", person=staff, form=form, roles=ROLE_LABELS), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/petugas/<int(max=2147483647):staff_id>/aktif", methods=["POST"])
@staff_required("admin")
def set_staff_active(staff_id: int):
    form = ActionForm()
    wanted = request.form.get("active") == "1"
    if form.validate_on_submit():
        try:
            with write_transaction():
                staff = db.session.get(Staff, staff_id) or abort(404)
                ended = set_active(current_user, staff, wanted)
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            if wanted:
                flash(_("Akun diaktifkan kembali."), "success")
            else:
                flash(_("Akun dinonaktifkan; %(num)d sesi diakhiri.", num=ended), "success")
    return redirect(url_for(".edit_staff", staff_id=staff_id), 303)


@blueprint.route("/petugas/undangan/<int(max=2147483647):invitation_id>/tarik", methods=["POST"])
@staff_required("admin")
def withdraw_invitation(invitation_id: int):
    if ActionForm().validate_on_submit():
        with write_transaction():
            invitation = db.session.get(StaffInvitation, invitation_id) or abort(404)
            withdrawn = invitations.withdraw(current_user, invitation)
        flash(_("Undangan ditarik.") if withdrawn else _("Undangan ini sudah tidak berlaku."), "success")
    return redirect(url_for(".staff_accounts"), 303)


def _list_page(form: StaffInviteForm, status: int = 200):
    args = request.args
    agency_filter = args.get("instansi", "")
    role_filter = args.get("peran", "") if args.get("peran", "") in Staff.ROLES else ""
    active_filter = args.get("status", "aktif") if args.get("status") in ("aktif", "nonaktif", "semua") else "aktif"
    query = select(Staff).options(selectinload(Staff.agency)).order_by(Staff.full_name).limit(PAGE_SIZE)
    if agency_filter == "kabupaten":
        query = query.where(Staff.agency_id.is_(None))
    elif agency_filter.isdigit() and len(agency_filter) < 10:
        query = query.where(Staff.agency_id == int(agency_filter))
    if role_filter:
        query = query.where(Staff.role == role_filter)
    if active_filter != "semua":
        query = query.where(Staff.active.is_(active_filter == "aktif"))
    return render_template(
        "admin/staff_accounts.html",
        people=list(db.session.execute(query).scalars()),
        pending=invitations.pending(),
        form=form,
        agencies=_agency_list(),
        roles=ROLE_LABELS,
        modules=enabled_modules(),
        filters={"instansi": agency_filter, "peran": role_filter, "status": active_filter},
        page_size=PAGE_SIZE,
    ), status


def _with_choices(form):
    form.role.choices = [(code, str(label)) for code, label in ROLE_LABELS.items()]
    form.agency_id.choices = [("", _("— tingkat kabupaten (tanpa instansi) —"))] + [
        (str(a.id), a.name + ("" if a.active else " " + _("(nonaktif)"))) for a in _agency_list()
    ]
    form.module_codes.choices = [(code, str(module.name)) for code, module in enabled_modules().items()]
    return form


def _agency_list() -> list[Agency]:
    return list(db.session.execute(select(Agency).order_by(Agency.name)).scalars())


def _agency(raw) -> Agency | None:
    raw = str(raw or "")
    return db.session.get(Agency, int(raw)) if raw.isdigit() and len(raw) < 10 else None


def _unknown_agency(form) -> bool:
    """An agency id that names no agency is an error beside the field, never "regency-wide": a stale
    or tampered form must not widen an account's reach (found in review)."""
    if str(form.agency_id.data or "") and _agency(form.agency_id.data) is None:
        form.agency_id.errors = [*form.agency_id.errors, _("Pilih instansi dari daftar.")]
        return True
    return False


def _show_errors(form, error: DomainError) -> None:
    """A refused change's messages beside the inputs they are about; the rest as a notice."""
    for name, message in error.errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
    flash(str(error.message), "error")


screens.register(
    "admin.staff_accounts",
    _l("Akun petugas"),
    _l("Undang petugas lewat tautan sekali pakai; atur peran, instansi, layanan, tugas call centre; nonaktifkan."),
    "people",
)
