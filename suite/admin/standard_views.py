"""Admin: service standards (standar pelayanan, issue 12 item 4), per module and per category,
each component in both languages; every change audited (``suite.standards.services``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite.admin import screens
from suite.admin.standard_forms import COMPONENT_FIELDS, CategoryStandardForm, StandardForm
from suite.admin.views import blueprint
from suite.database import write_transaction
from suite.errors import DomainError, Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.registry import enabled_modules
from suite.standards import services
from suite.standards.models import COLUMNS, ServiceStandardRecord


@blueprint.route("/standar-pelayanan", methods=["GET", "POST"])
@staff_required("admin")
def standards():
    form = CategoryStandardForm()
    form.target.choices = _category_choices()
    if form.validate_on_submit():
        module, _sep, category = (form.target.data or "").partition(".")
        try:
            with write_transaction():
                row = services.create_category_standard(current_user, module, category, _values(form))
        except Invalid as error:
            _show_errors(form, error, {"module": "target", "category": "target"})
        else:
            flash(_("Standar kategori disimpan."), "success")
            return redirect(url_for(".edit_standard", standard_id=row.id))
    return render_template(
        "admin/standards.html",
        rows=services.records(),
        modules=enabled_modules(),
        form=form,
        components=COMPONENT_FIELDS,
        targets={row.id: services.promised_times(row.module, row.category) for row in services.records()},
    ), (422 if form.is_submitted() else 200)


@blueprint.route("/standar-pelayanan/<int(max=2147483647):standard_id>", methods=["GET", "POST"])
@staff_required("admin")
def edit_standard(standard_id: int):
    row = db.session.get(ServiceStandardRecord, standard_id)
    if row is None or row.module not in enabled_modules():
        abort(404)
    form = StandardForm(obj=row)
    if form.validate_on_submit():
        try:
            with write_transaction():
                row = db.session.get(ServiceStandardRecord, standard_id) or abort(404)
                changed = services.update_standard(current_user, row, _values(form))
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Standar pelayanan disimpan.") if changed else _("Tidak ada yang berubah."), "success")
            return redirect(url_for(".standards"))
    module = enabled_modules()[row.module]
    return render_template(
        "admin/standard_edit.html",
        row=row,
        module=module,
        category=module.category(row.category) if row.category else None,
        form=form,
        components=COMPONENT_FIELDS,
        target=services.promised_times(row.module, row.category),
    ), (422 if form.is_submitted() else 200)


@blueprint.route("/standar-pelayanan/<int(max=2147483647):standard_id>/hapus", methods=["POST"])
@staff_required("admin")
def delete_standard(standard_id: int):
    row = db.session.get(ServiceStandardRecord, standard_id) or abort(404)
    try:
        with write_transaction():
            row = db.session.get(ServiceStandardRecord, standard_id) or abort(404)
            services.delete_category_standard(current_user, row)
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Standar kategori dihapus; standar layanannya berlaku lagi."), "success")
    return redirect(url_for(".standards"))


def _values(form) -> dict[str, str]:
    return {name: getattr(form, name).data or "" for name in COLUMNS}


def _category_choices() -> list[tuple[str, str]]:
    taken = {(r.module, r.category) for r in services.records()}
    return [("", _("— pilih —"))] + [
        (f"{module.code}.{category.code}", f"{module.name} · {category.label}")
        for module in enabled_modules().values()
        for category in module.categories
        if (module.code, category.code) not in taken
    ]


def _show_errors(form, error: Invalid, aliases: dict[str, str] | None = None) -> None:
    """Put a refused change's messages beside the inputs they are about."""
    for name, message in error.errors.items():
        target = (aliases or {}).get(name, name)
        if target in form:
            form[target].errors = [*form[target].errors, message]
        else:
            form.form_errors.append(message)


screens.register(
    "admin.standards",
    _l("Standar pelayanan"),
    _l("Persyaratan, prosedur, waktu, biaya, produk, pengaduan dan dasar hukum setiap layanan dan kategori."),
    "services",
)
