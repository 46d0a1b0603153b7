"""Admin: response-time targets are data, edited here, never constants in code."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite.admin.forms import TargetForm
from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.registry import enabled_modules
from suite.sla.models import SlaTarget
from suite.sla.targets import TARGET_FIELDS, create_target, update_target

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@blueprint.route("/target", methods=["GET", "POST"])
@staff_required("admin")
def targets():
    form = _with_choices(TargetForm())
    if form.validate_on_submit():
        module, category = form.module.data or None, (form.category.data or "").strip() or None
        values = {name: getattr(form, name).data for name in TARGET_FIELDS}
        try:
            with write_transaction():
                create_target(current_user, module, category, values)
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Target disimpan."), "success")
            return redirect(url_for(".targets"))
    rows = (
        db.session.execute(
            select(SlaTarget).order_by(SlaTarget.module.is_not(None), SlaTarget.module, SlaTarget.category)
        )
        .scalars()
        .all()
    )
    return render_template("admin/targets.html", rows=rows, form=form, modules=enabled_modules()), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/target/<int(max=2147483647):target_id>", methods=["GET", "POST"])
@staff_required("admin")
def edit_target(target_id: int):
    row = db.session.get(SlaTarget, target_id) or abort(404)
    form = _with_choices(TargetForm(obj=row))
    del form.module, form.category  # what a row applies to is its identity; edit the numbers
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in TARGET_FIELDS}
        try:
            with write_transaction():
                row = db.session.get(SlaTarget, target_id) or abort(404)
                update_target(current_user, row, values)
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Target diperbarui. Tiket baru memakai target ini; tiket lama tetap pada tenggatnya."), "success")
            return redirect(url_for(".targets"))
    return render_template("admin/target_edit.html", row=row, form=form, modules=enabled_modules()), (
        422 if form.is_submitted() else 200
    )


def _with_choices(form: TargetForm) -> TargetForm:
    form.module.choices = [("", _("Semua layanan"))] + [(code, str(m.name)) for code, m in enabled_modules().items()]
    return form


def _show_errors(form: TargetForm, error: Invalid) -> None:
    """Put a refused change's messages beside the inputs they are about."""
    for name, message in error.errors.items():
        form[name].errors.append(message)


from suite.admin import (  # noqa: E402,F401  (more admin pages)
    agency_views,  # issue 12, item 3: agencies and units
    api_keys,
    category_settings_views,
    category_views,  # issue 12, item 2: categories per module
    connector_views,  # issue 11, item 10: outward connectors
    home_views,  # issue 12: /admin/, every admin screen
    message_text_views,  # issue 12, item 3: the wording of outgoing messages
    module_views,  # issue 12, item 1: modules opened and closed at runtime
    response_template_views,  # issue 12, item 3: reply templates for the regency, agency or module
    routing_keywords_views,  # issue 11, item 8
    staff_views,  # issue 12, item 3: staff accounts and invitations
    standard_views,  # issue 12, item 4: service standards
    working_area_views,
)
