"""Admin page ``/admin/layanan``: every installed module, open or closed to new reports (issue 12,
item 1). Installing a module stays ``SUITE_MODULES``; taking reports is decided here, at runtime."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from suite.admin import screens
from suite.admin.views import blueprint
from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.identity.models import Staff
from suite.registry import enabled_modules, get_module
from suite.ticketing import module_state


class ModuleStateForm(FlaskForm):
    module = HiddenField(validators=[InputRequired()])
    action = HiddenField(validators=[AnyOf(["open", "close"])])
    notice = StringField(
        _l("Pengumuman untuk warga (opsional)"), validators=[Optional(), Length(max=module_state.NOTICE_MAX)]
    )


@blueprint.route("/layanan", methods=["GET", "POST"])
@staff_required("admin")
def modules():
    form = ModuleStateForm()
    if form.validate_on_submit():
        module = get_module(form.module.data) or abort(404)
        opening = form.action.data == "open"
        try:
            with write_transaction():
                changed = module_state.set_state(module, opening, form.notice.data, current_user)
        except Invalid as error:
            form.notice.errors.append(error.errors.get("notice", error.message))
        else:
            if not changed:
                flash(_("Tidak ada perubahan."), "success")
            elif opening:
                flash(_("%(name)s dibuka kembali dan menerima laporan baru.", name=str(module.name)), "success")
            else:
                flash(_("%(name)s ditutup: laporan baru ditolak di semua saluran.", name=str(module.name)), "success")
            return redirect(url_for(".modules"))
    if form.is_submitted():
        flash(_("Perubahan belum disimpan. Periksa isian yang ditandai."), "error")
    rows = [(module, module_state.state(module.code)) for module in enabled_modules().values()]
    editors = {s.updated_by for _m, s in rows if s.updated_by}
    names = dict(db.session.execute(select(Staff.id, Staff.full_name).where(Staff.id.in_(editors))).tuples().all())
    return render_template("admin/modules.html", rows=rows, form=form, names=names), (
        422 if form.is_submitted() else 200
    )


screens.register(
    "admin.modules",
    _l("Layanan dibuka dan ditutup"),
    _l("Buka atau tutup penerimaan laporan baru per layanan, dengan pengumuman untuk warga."),
    "services",
)
