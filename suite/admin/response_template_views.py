"""Admin: reply templates for the whole regency, one agency or one module's tickets (issue 12,
item 3). The same templates an agency's supervisors keep at ``/petugas/templat``; rules in
``suite.ticketing.response_templates``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from suite.admin import screens
from suite.admin.views import blueprint
from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.identity.models import Agency
from suite.registry import enabled_modules
from suite.ticketing import lifecycle
from suite.ticketing.models import ResponseTemplate
from suite.ticketing.response_templates import create_template, toggle_template, update_template

TEMPLATE_ID = "int(max=2147483647)"


class AdminTemplateForm(FlaskForm):
    """Lengths and known values are checked again by the service, which says what is wrong."""

    title = StringField(_l("Judul templat"), validators=[Optional(), Length(max=120)])
    agency_id = SelectField(_l("Berlaku untuk instansi"), validators=[Optional()])
    module = SelectField(_l("Berlaku untuk layanan"), validators=[Optional()])
    status = SelectField(_l("Dipakai pada status"), validators=[Optional()])
    body = TextAreaField(_l("Isi tanggapan"), validators=[Optional(), Length(max=4000)], render_kw={"rows": 5})


@blueprint.route("/templat-balasan", methods=["GET", "POST"])
@staff_required("admin")
def response_templates():
    form = _with_choices(AdminTemplateForm())
    if form.validate_on_submit():
        try:
            with write_transaction():
                create_template(
                    current_user,
                    form.title.data or "",
                    form.status.data,
                    form.body.data or "",
                    agency_id=_agency_id(form.agency_id.data),
                    module=form.module.data or None,
                )
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Templat disimpan."), "success")
            return redirect(url_for(".response_templates"))
    rows = db.session.execute(
        select(ResponseTemplate).order_by(ResponseTemplate.active.desc(), ResponseTemplate.title)
    ).scalars()
    return render_template(
        "admin/response_templates.html", form=form, rows=list(rows), agencies=_agencies(), modules=enabled_modules()
    ), (422 if form.is_submitted() else 200)


@blueprint.route(f"/templat-balasan/<{TEMPLATE_ID}:template_id>", methods=["GET", "POST"])
@staff_required("admin")
def edit_response_template(template_id: int):
    row = db.session.get(ResponseTemplate, template_id) or abort(404)
    form = _with_choices(AdminTemplateForm(obj=row))
    if not form.is_submitted():
        form.agency_id.data = str(row.agency_id or "")
        form.module.data, form.status.data = row.module or "", row.status or ""
    if form.validate_on_submit():
        values = {
            "title": form.title.data or "",
            "agency_id": _agency_id(form.agency_id.data),
            "module": form.module.data or None,
            "status": form.status.data or None,
            "body": form.body.data or "",
        }
        try:
            with write_transaction():
                row = db.session.get(ResponseTemplate, template_id) or abort(404)
                changed = update_template(current_user, row, values)
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Templat diperbarui.") if changed else _("Tidak ada perubahan."), "success")
            return redirect(url_for(".response_templates"))
    return render_template("admin/response_template_edit.html", form=form, row=row), (
        422 if form.is_submitted() else 200
    )


@blueprint.route(f"/templat-balasan/<{TEMPLATE_ID}:template_id>/aktif", methods=["POST"])
@staff_required("admin")
def toggle_response_template(template_id: int):
    """Retire a template (officers no longer see it; its history stays) or bring it back."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    with write_transaction():
        row = db.session.get(ResponseTemplate, template_id) or abort(404)
        toggle_template(current_user, row)
        active = row.active
    flash(_("Templat dipakai lagi.") if active else _("Templat dipensiunkan."), "success")
    return redirect(url_for(".response_templates"))


def _agencies() -> dict[int, Agency]:
    rows = db.session.execute(select(Agency).order_by(Agency.name)).scalars()
    return {a.id: a for a in rows}


def _with_choices(form: AdminTemplateForm) -> AdminTemplateForm:
    form.agency_id.choices = [("", _("Seluruh kabupaten"))] + [(str(i), a.name) for i, a in _agencies().items()]
    form.module.choices = [("", _("Semua layanan"))] + [(code, str(m.name)) for code, m in enabled_modules().items()]
    form.status.choices = [("", _("Semua status"))] + [(k, str(v)) for k, v in lifecycle.STATUS_LABELS.items()]
    return form


def _agency_id(value: str | None) -> int | None:
    # The select offers only known ids; anything else has failed its choice check already.
    return int(value) if value and value.isdigit() else None


def _show_errors(form: AdminTemplateForm, error: Invalid) -> None:
    for name, message in error.errors.items():
        form[name].errors.append(message)
    if not error.errors:
        flash(str(error.message), "error")


screens.register(
    "admin.response_templates",
    _l("Templat balasan"),
    _l("Jawaban siap pakai untuk petugas: seluruh kabupaten, satu instansi atau satu layanan."),
    "rules",
)
