"""Admin: which puskesmas serves each desa (wilayah kerja) and its village midwife. The shipped
mapping is a best-effort guess, shown as "to be confirmed by Dinkes" until an admin confirms it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite import reference
from suite.admin.views import blueprint
from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.auth import staff_required
from suite.identity.directory import active_staff
from suite.identity.models import Agency, Staff
from suite.identity.working_areas import PUSKESMAS, WorkingArea, areas, update_area


@blueprint.route("/wilayah-kerja")
@staff_required("admin")
def working_areas():
    kecamatan = reference.local_regions().get(request.args.get("kecamatan", ""))
    if kecamatan is None or kecamatan.level != "kecamatan":
        kecamatan = next(iter(reference.kecamatan_list()), None)
    rows = areas(PUSKESMAS, kecamatan.code) if kecamatan else []
    units = _units()
    staff = active_staff([u.id for u in units], by_name=True)
    unconfirmed = db.session.execute(
        select(WorkingArea.id).where(WorkingArea.network == PUSKESMAS, WorkingArea.confirmed.is_(False))
    ).all()
    return render_template(
        "admin/working_areas.html",
        kecamatan=kecamatan,
        kecamatan_list=reference.kecamatan_list(),
        rows=rows,
        units=units,
        staff=staff,
        unconfirmed=len(unconfirmed),
        desa=reference.local_regions(),
    )


@blueprint.route("/wilayah-kerja/<int(max=2147483647):area_id>", methods=["POST"])
@staff_required("admin")
def update_working_area(area_id: int):
    area = db.session.get(WorkingArea, area_id) or abort(404)
    back = url_for(".working_areas", kecamatan=area.desa_code.rsplit(".", 1)[0])
    unit = db.session.get(Agency, _int(request.form.get("agency_id")))
    midwife = (
        db.session.get(Staff, _int(request.form.get("field_staff_id"))) if request.form.get("field_staff_id") else None
    )
    confirmed, admin = request.form.get("confirmed") == "y", current_user._get_current_object()
    try:
        with write_transaction():
            area = db.session.get(WorkingArea, area_id) or abort(404)
            update_area(area, unit, midwife, confirmed, by=admin)
    except Invalid as error:
        flash(str(error.message), "error")
        return redirect(back), 303
    flash(_("Wilayah kerja %(desa)s disimpan.", desa=reference.region_label(area.desa_code)), "success")
    return redirect(back)


def _units() -> list[Agency]:
    return list(
        db.session.execute(
            select(Agency).where(Agency.kind == PUSKESMAS, Agency.active.is_(True)).order_by(Agency.name)
        ).scalars()
    )


def _int(raw) -> int:
    return int(raw) if str(raw or "").isdigit() else 0
