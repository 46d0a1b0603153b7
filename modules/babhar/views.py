"""e-Babhar pages beyond the intake form: a mother's pregnancies; a midwife registering one."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from modules.babhar import services
from modules.babhar.forms import StaffPregnancyForm
from modules.babhar.obstetrics import gestational_age, trimester
from suite.database import begin_write
from suite.extensions import db
from suite.identity.auth import citizen_required, staff_required
from suite.identity.services import find_citizen_by_nik
from suite.portal.intake import draft_from_form
from suite.ticketing.access import can_view
from suite.ticketing.services import TicketError, open_ticket

HEALTH_ROOT = "dinkes"


def is_health_staff(staff) -> bool:
    agency = staff.agency
    while agency is not None:
        if agency.code == HEALTH_ROOT:
            return True
        agency = agency.parent
    return False


def register(blueprint, module) -> None:
    @blueprint.route("/kehamilan-saya")
    @citizen_required
    def my_pregnancies():
        today = date.today()
        rows = [(p, gestational_age(p.last_period_date, today), trimester(p.last_period_date, today))
                for p in services.pregnancies_of(current_user)]
        return render_template("babhar/my_pregnancies.html", rows=rows, module=module)

    @blueprint.route("/petugas/daftar", methods=["GET", "POST"])
    @staff_required()
    def staff_register():
        if not is_health_staff(current_user):
            abort(403)
        form = StaffPregnancyForm(module=module)
        if form.validate_on_submit():
            mother = find_citizen_by_nik(form.mother_nik.data)
            refusal = services.refusal_for(mother) if mother else None
            if mother is None:
                form.mother_nik.errors.append(_("Belum ada akun warga dengan NIK ini. Daftarkan ibu terlebih "
                                                "dahulu lewat pusat layanan."))
            elif refusal:
                form.mother_nik.errors.append(str(refusal))
            else:
                staff_id, mother_id = current_user.id, mother.id
                draft = draft_from_form(form)
                begin_write()
                try:
                    mother = db.session.get(type(mother), mother_id)
                    result = open_ticket(module, mother, draft, channel="staff",
                                         idempotency_key=form.idempotency_key.data, caller=f"staff:{staff_id}")
                    pregnancy = services.pregnancy_for_ticket(result.ticket.id)
                    if result.created and pregnancy is not None:
                        pregnancy.registered_by_staff_id = staff_id
                    db.session.commit()
                except TicketError as error:
                    db.session.rollback()
                    for name, message in error.errors.items():
                        getattr(form, name, form.mother_nik).errors.append(message)
                    flash(error.message, "error")
                else:
                    flash(_("Kehamilan terdaftar. Kode: %(code)s", code=result.ticket.code), "success")
                    if can_view(current_user, result.ticket):
                        return redirect(url_for("staff.ticket", code=result.ticket.code))
                    return redirect(url_for("staff.queue"))
        return render_template("babhar/staff_register.html", form=form, module=module), (
            422 if form.is_submitted() else 200)
