"""Admin: response-time targets are data, edited here, never constants in code."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite.admin.forms import TargetForm
from suite.audit.changes import changes, snapshot
from suite.audit.services import record
from suite.database import begin_write
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.registry import enabled_modules
from suite.sla.models import SlaTarget

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
FIELDS = (
    "first_response_minutes",
    "reward_minutes",
    "sanction_minutes",
    "verification_minutes",
    "resolution_minutes",
    "calendar",
    "note",
)


@blueprint.route("/target", methods=["GET", "POST"])
@staff_required("admin")
def targets():
    form = _with_choices(TargetForm())
    if form.validate_on_submit():
        module, category = form.module.data or None, (form.category.data or "").strip() or None
        if category and not module:
            form.category.errors.append(_("Kategori hanya berlaku bersama layanannya."))
        elif category and enabled_modules()[module].category(category) is None:
            form.category.errors.append(_("Kategori tidak dikenal di layanan itu."))
        elif _find(module, category):
            form.module.errors.append(_("Target untuk layanan dan kategori ini sudah ada; ubah yang ada."))
        else:
            begin_write()
            row = SlaTarget(module=module, category=category)
            for name in FIELDS:
                setattr(row, name, getattr(form, name).data)
            db.session.add(row)
            db.session.flush()
            record(
                "create",
                "sla_target",
                row.id,
                staff=current_user,
                detail=_target_label(row),
                after=snapshot(row, ("module", "category") + FIELDS),
            )
            db.session.commit()
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


@blueprint.route("/target/<int:target_id>", methods=["GET", "POST"])
@staff_required("admin")
def edit_target(target_id: int):
    row = db.session.get(SlaTarget, target_id) or abort(404)
    form = _with_choices(TargetForm(obj=row))
    del form.module, form.category  # what a row applies to is its identity; edit the numbers
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in FIELDS}
        begin_write()
        row = db.session.get(SlaTarget, target_id) or abort(404)
        before = snapshot(row, FIELDS)
        for name, value in values.items():
            setattr(row, name, value)
        old, new = changes(before, snapshot(row, FIELDS))
        if old or new:
            record("update", "sla_target", row.id, staff=current_user, detail=_target_label(row), before=old, after=new)
        db.session.commit()
        flash(_("Target diperbarui. Tiket baru memakai target ini; tiket lama tetap pada tenggatnya."), "success")
        return redirect(url_for(".targets"))
    return render_template("admin/target_edit.html", row=row, form=form, modules=enabled_modules()), (
        422 if form.is_submitted() else 200
    )


def _target_label(row: SlaTarget) -> str:
    return f"{row.module or '*'}.{row.category or '*'}"


def _with_choices(form: TargetForm) -> TargetForm:
    form.module.choices = [("", _("Semua layanan"))] + [(code, str(m.name)) for code, m in enabled_modules().items()]
    return form


def _find(module, category):
    return db.session.execute(
        select(SlaTarget).where(
            SlaTarget.module.is_(None) if module is None else SlaTarget.module == module,
            SlaTarget.category.is_(None) if category is None else SlaTarget.category == category,
        )
    ).scalar_one_or_none()


from suite.admin import api_keys, category_settings_views, working_area_views  # noqa: E402,F401  (more admin pages)
