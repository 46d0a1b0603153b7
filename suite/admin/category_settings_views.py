"""Admin page: which categories are sensitive (health data), for modules that let an admin decide."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from suite.admin.views import blueprint
from suite.audit.services import record
from suite.database import write_transaction
from suite.identity.auth import staff_required
from suite.registry import enabled_modules
from suite.ticketing.category_settings import editable_modules, is_sensitive, set_sensitivity


class SensitiveCategoriesForm(FlaskForm):
    """CSRF only: the checkboxes (``sensitive`` = ``<module>.<category>``) follow the module list."""


@blueprint.route("/kategori-sensitif", methods=["GET", "POST"])
@staff_required("admin")
def sensitive_categories():
    form = SensitiveCategoriesForm()
    modules = editable_modules(enabled_modules().values())
    if form.validate_on_submit():
        ticked = set(request.form.getlist("sensitive"))
        with write_transaction():
            changed = []
            for module in modules:
                choices = {c.code: f"{module.code}.{c.code}" in ticked for c in module.categories}
                for category in set_sensitivity(module, choices, current_user):
                    changed.append(f"{module.code}.{category}")
                    record(
                        "update",
                        "category_setting",
                        f"{module.code}.{category}",
                        staff=current_user,
                        detail=f"sensitive={choices[category]}",
                        before={"sensitive": not choices[category]},
                        after={"sensitive": choices[category]},
                    )
        flash(
            _("Pengaturan disimpan. Laporan baru mengikuti pengaturan ini; laporan lama tetap seperti saat dibuat.")
            if changed
            else _("Tidak ada perubahan."),
            "success",
        )
        return redirect(url_for(".sensitive_categories"))
    return render_template("admin/sensitive_categories.html", form=form, modules=modules, is_sensitive=is_sensitive), (
        422 if form.is_submitted() else 200
    )
