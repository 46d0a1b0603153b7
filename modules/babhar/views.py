"""e-Babhar pages of the mother and her family: her pregnancies, danger signs (hers or her family's)
and birth plan; and a health worker's registration of a pregnancy for her. The URL map is in
``modules/babhar/blueprint.py``."""

from __future__ import annotations

import uuid
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from modules.babhar import DANGER_CATEGORIES, access, danger, registration, services
from modules.babhar.danger_forms import DangerReportForm, FamilyDangerForm
from modules.babhar.forms import StaffPregnancyForm
from modules.babhar.kspr import four_t
from modules.babhar.obstetrics import gestational_age, trimester
from modules.babhar.staff_views import birth_plan_page
from suite.channels.intake import ticket_by_code
from suite.database import write_transaction
from suite.errors import DomainError
from suite.extensions import db, limiter
from suite.identity.auth import citizen_required, staff_required
from suite.identity.models import Citizen
from suite.identity.phones import PhoneError, to_e164
from suite.notify.alerts import alerts_for
from suite.portal.intake import closed_page, draft_from_form
from suite.registry import ServiceModule
from suite.ticketing import module_state
from suite.ticketing.access import can_view

FAMILY_CODES = "babhar_family_reports"
EMERGENCY_NUMBERS = [("119", _l("Ambulans / PSC 119")), ("112", _l("Panggilan darurat 112"))]


@citizen_required
def my_pregnancies():
    today = date.today()
    rows = []
    for p in services.pregnancies_of(current_user):
        rows.append(
            {
                "pregnancy": p,
                "age": gestational_age(p.last_period_date, today),
                "trimester": trimester(p.last_period_date, today),
                "four_t": four_t(current_user.birth_date, p.last_period_date, p.para, p.last_birth_date),
                "plan": services.birth_plan_of(p),
            }
        )
    _, bands = services.card()
    return render_template(
        "babhar/my_pregnancies.html", rows=rows, module=services.babhar_module(), bands={b.code: b for b in bands}
    )


@citizen_required
def danger_report():
    if not module_state.is_open(services.babhar_module().code):
        # Its message starts with the emergency advice; the numbers to call follow as links.
        return closed_page(services.babhar_module(), EMERGENCY_NUMBERS)
    form = DangerReportForm()
    if request.method == "GET" and not form.idempotency_key.data:
        form.idempotency_key.data = uuid.uuid4().hex
    if form.validate_on_submit():
        citizen_id = current_user.id
        try:
            with write_transaction():
                result = danger.report_danger(
                    form.chosen_signs(),
                    form.note.data,
                    citizen=db.session.get(Citizen, citizen_id),
                    channel="web",
                    idempotency_key=form.idempotency_key.data,
                )
        except DomainError as error:
            flash(error.message, "error")
        else:
            return redirect(url_for(".danger_advice", code=result.ticket.code))
    return render_template("babhar/danger.html", form=form, module=services.babhar_module(), family=False), (
        422 if form.is_submitted() else 200
    )


@citizen_required
def danger_advice(code: str):
    ticket = ticket_by_code(code)
    if ticket is None or ticket.citizen_id != current_user.id or ticket.category not in DANGER_CATEGORIES:
        abort(404)
    return _advice_page(ticket)


def family_rate_limit() -> str:
    return current_app.config["FAMILY_DANGER_RATE_LIMIT"]


@limiter.limit(family_rate_limit, methods=["POST"])
def family_danger():
    """A husband or relative raises a danger sign without an account (the mother may have none)."""
    if not module_state.is_open(services.babhar_module().code):
        return closed_page(services.babhar_module(), EMERGENCY_NUMBERS)
    form = FamilyDangerForm()
    if request.method == "GET" and not form.idempotency_key.data:
        form.idempotency_key.data = uuid.uuid4().hex
    if form.validate_on_submit():
        try:
            reporter = {
                "name": form.reporter_name.data.strip(),
                "phone": to_e164(form.reporter_phone.data),
                "relation": form.relation.data,
            }
        except PhoneError as error:
            form.reporter_phone.errors.append(str(error))
        else:
            mother = danger.mother_named_by_family(form.mother_ref.data)
            try:
                with write_transaction():
                    result = danger.report_danger(
                        form.chosen_signs(),
                        form.note.data,
                        mother=mother,
                        desa_code=form.desa_code.data or None,
                        reporter=reporter,
                        channel="web",
                        idempotency_key=form.idempotency_key.data,
                        caller=f"family:{reporter['phone']}",
                    )
            except DomainError as error:
                flash(error.message, "error")
            else:
                session[FAMILY_CODES] = (session.get(FAMILY_CODES, []) + [result.ticket.code])[-5:]
                return redirect(url_for(".family_danger_advice", code=result.ticket.code))
    return render_template("babhar/danger.html", form=form, module=services.babhar_module(), family=True), (
        422 if form.is_submitted() else 200
    )


def family_danger_advice(code: str):
    # Only the browser that sent the report sees who was told (the code alone is not enough).
    ticket = ticket_by_code(code)
    if ticket is None or ticket.code not in session.get(FAMILY_CODES, []):
        abort(404)
    return _advice_page(ticket, family=True)


@citizen_required
def my_birth_plan():
    pregnancy = services.active_pregnancy(current_user) or abort(404)
    return birth_plan_page(pregnancy, back=url_for(".my_pregnancies"))


@citizen_required
def my_sticker():
    pregnancy = services.active_pregnancy(current_user) or abort(404)
    return render_template("babhar/sticker.html", pregnancy=pregnancy, plan=services.birth_plan_of(pregnancy))


@staff_required()
def staff_register():
    if not access.is_health_staff(current_user):
        abort(403)
    module = services.babhar_module()
    form = StaffPregnancyForm(module=module)
    if form.validate_on_submit():
        staff = current_user._get_current_object()
        try:
            mother = registration.mother_for_registration(staff, form.mother_nik.data)
        except services.CareError as error:
            form.mother_nik.errors.append(str(error.message))
        else:
            outcome = _register_for(module, form, staff, mother)
            if outcome is not None:
                return outcome
    return render_template("babhar/staff_register.html", form=form, module=module), (
        422 if form.is_submitted() else 200
    )


def _register_for(module: ServiceModule, form: StaffPregnancyForm, staff, mother: Citizen):
    draft = draft_from_form(form)
    try:
        with write_transaction():
            result = registration.register_pregnancy(module, staff, mother, draft, form.idempotency_key.data)
    except DomainError as error:  # a CareError (from the pregnancy itself) is one too
        errors = getattr(error, "errors", None) or {getattr(error, "field", None) or "mother_nik": error.message}
        for name, message in errors.items():
            getattr(form, name, form.mother_nik).errors.append(message)
        flash(error.message, "error")
        return None
    flash(_("Kehamilan terdaftar. Kode: %(code)s", code=result.ticket.code), "success")
    if can_view(current_user, result.ticket):
        return redirect(url_for("staff.ticket", code=result.ticket.code))
    return redirect(url_for("staff.queue"))


def _advice_page(ticket, family: bool = False):
    """The mother sees who was told by role and unit; a family page (no account) says only how many
    health workers were told and how, so a phone number typed there reveals nothing about her care."""
    labels = {s["code"]: danger.sign_label(s) for s in danger.danger_signs()} | {"unspecified": _("belum disebut")}
    own_unit = [(ticket.agency.phone, ticket.agency.name)] if ticket.agency.phone and not family else []
    return render_template(
        "babhar/danger_advice.html",
        ticket=ticket,
        family=family,
        told=alerts_for(ticket.id, danger.ALERT_KINDS),
        signs=[labels.get(c, c) for c in (ticket.extras or {}).get("signs", [])],
        numbers=EMERGENCY_NUMBERS + own_unit,
    )
