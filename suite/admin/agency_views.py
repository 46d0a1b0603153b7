"""Admin: agencies (OPD) and their units (issue 12, item 3). The list shows the tree and holds the
form to add one; each agency has its own page. The rules are in ``suite.admin.agencies``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite import reference
from suite.admin import screens
from suite.admin.agencies import (
    KINDS,
    AgencyValues,
    create_agency,
    deactivation_blockers,
    desa_served,
    tree,
    update_agency,
)
from suite.admin.people_forms import AgencyForm
from suite.admin.views import blueprint
from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.identity.models import Agency
from suite.identity.working_areas import PUSKESMAS


@blueprint.route("/instansi", methods=["GET", "POST"])
@staff_required("admin")
def agencies():
    form = _with_choices(AgencyForm())
    if form.validate_on_submit():
        try:
            with write_transaction():
                agency = create_agency(current_user, _values(form))
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Instansi %(name)s ditambahkan.", name=agency.name), "success")
            return redirect(url_for(".agencies"))
    elif not form.is_submitted():
        form.active.data = True
    return render_template("admin/agencies.html", rows=tree(), form=form, kinds=KINDS), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/instansi/<int(max=2147483647):agency_id>", methods=["GET", "POST"])
@staff_required("admin")
def edit_agency(agency_id: int):
    agency = db.session.get(Agency, agency_id) or abort(404)
    form = _with_choices(AgencyForm(obj=agency), exclude=agency)
    if not form.is_submitted():
        form.parent_id.data = str(agency.parent_id or "")
        form.kecamatan_code.data = agency.kecamatan_code or ""
    if form.validate_on_submit():
        try:
            with write_transaction():
                agency = db.session.get(Agency, agency_id) or abort(404)
                changed = update_agency(current_user, agency, _values(form))
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Instansi disimpan.") if changed else _("Tidak ada perubahan."), "success")
            return redirect(url_for(".edit_agency", agency_id=agency_id))
    db.session.refresh(agency)  # a refused change leaves nothing behind, on the page either
    return render_template(
        "admin/agency_edit.html",
        agency=agency,
        form=form,
        kinds=KINDS,
        served=desa_served(agency) if agency.kind == PUSKESMAS else [],
        blockers=deactivation_blockers(agency) if agency.active else [],
        regions=reference.local_regions(),
    ), (422 if form.is_submitted() else 200)


def _with_choices(form: AgencyForm, exclude: Agency | None = None) -> AgencyForm:
    form.kind.choices = [(code, str(label)) for code, label in KINDS.items()]
    # An agency cannot sit under itself or one of its units: those are not offered (and refused).
    hidden = exclude.subtree_ids() if exclude is not None else set()
    form.parent_id.choices = [("", _("— tidak ada (instansi utama) —"))] + [
        (str(a.id), "— " * depth + a.name + ("" if a.active else " " + _("(nonaktif)")))
        for a, depth in tree()
        if a.id not in hidden
    ]
    form.kecamatan_code.choices = [("", _("— tidak ada —"))] + [(k.code, k.name) for k in reference.kecamatan_list()]
    return form


def _values(form: AgencyForm) -> AgencyValues:
    parent = form.parent_id.data or ""
    return AgencyValues(
        code=form.code.data or "",
        name=form.name.data or "",
        short_name=form.short_name.data or "",
        kind=form.kind.data or "",
        # An id no agency has (or no number at all) is refused as unknown, never read as "no parent".
        parent_id=(int(parent) if parent.isdigit() and len(parent) < 10 else -1) if parent else None,
        kecamatan_code=form.kecamatan_code.data or None,
        phone=form.phone.data or None,
        email=form.email.data or None,
        active=bool(form.active.data),
    )


def _show_errors(form: AgencyForm, error: Invalid) -> None:
    """A refused change's messages beside the inputs they are about."""
    for name, message in error.errors.items():
        form[name].errors = [*form[name].errors, message]
    if not error.errors:
        flash(str(error.message), "error")


screens.register(
    "admin.agencies",
    _l("Instansi dan unit"),
    _l("Dinas, badan, puskesmas dan unit lain: induk, kecamatan, telepon piket, email, aktif atau tidak."),
    "people",
)
