"""The midwife's side of e-Babhar: caseload, a mother's record, visits, the end of a pregnancy,
birth plan, the monthly cohort register, the Dinkes summary, and the admin's risk card (the
clinical thresholds and schedule are in admin_views). The URL map is in ``modules/babhar/blueprint.py``."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from modules.babhar import access, alarms, kspr_admin, outcomes, services
from modules.babhar.clinical_text import localized
from modules.babhar.forms import BirthPlanForm, HistoryForm, IdentityCheckForm, OutcomeForm, VisitForm
from modules.babhar.kspr import NOT_TICKED, four_t
from modules.babhar.models import Pregnancy, Visit
from modules.babhar.obstetrics import gestational_age, trimester
from modules.babhar.register_export import cohort_rows, recap, to_xlsx
from suite.audit.services import record, record_read
from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import db
from suite.identity import verification
from suite.identity.auth import staff_required
from suite.input_dates import InputDateError, parse_month
from suite.security.exports import csv_text


@staff_required()
def caseload():
    scope = access.scope_of(current_user)
    if not scope:
        abort(403)
    mothers = services.caseload(scope)
    record_read("caseload", current_user.agency_id, staff=current_user, detail=f"{len(mothers)} mothers")
    today = date.today()
    overdue = {p.id: services.overdue_visits(p, today) for p in mothers}
    return render_template(
        "babhar/caseload.html",
        mothers=mothers,
        overdue=overdue,
        today=today,
        module=services.babhar_module(),
        gestational_age=gestational_age,
        alarm_labels=alarms.labels(),
    )


@staff_required("supervisor", "admin")
def summary():
    scope = access.scope_of(current_user)
    if not scope:
        abort(403)
    return render_template(
        "babhar/summary.html",
        units=services.units_by_name(scope),
        counts=services.unit_summary(scope),
        module=services.babhar_module(),
    )


@staff_required()
def record_page(pregnancy_id: int):
    pregnancy = access.read_pregnancy(current_user, _pregnancy(pregnancy_id))
    return _render_record(pregnancy)


@staff_required()
def identity_check(pregnancy_id: int):
    """Issue 9, item 5: the midwife saw the mother's KTP at the first visit; her identity is
    verified and the pregnancy no longer waits for the check."""
    pregnancy = _writable(pregnancy_id)
    form = IdentityCheckForm()
    if not form.validate_on_submit():
        flash(_("Centang bila KTP asli ibu sudah diperiksa."), "error")
        return redirect(url_for(".record_page", pregnancy_id=pregnancy_id))
    staff = current_user._get_current_object()
    try:
        with write_transaction():
            # the pregnancy was loaded before the write began: its mother is read again inside it
            verification.verify_identity(pregnancy.mother, staff, verification.MIDWIFE_IN_PERSON)
            record("update", "pregnancy", pregnancy.id, staff=staff, detail="identity checked in person")
    except verification.IdentityError as error:
        flash(str(error.args[0]), "error")
        return redirect(url_for(".record_page", pregnancy_id=pregnancy_id))
    flash(_("Identitas ibu terverifikasi (KTP diperiksa bidan)."), "success")
    return redirect(url_for(".record_page", pregnancy_id=pregnancy_id))


@staff_required()
def history(pregnancy_id: int):
    pregnancy = _writable(pregnancy_id)
    form = HistoryForm()
    form.history_factors.choices = _factor_choices()
    if not form.validate_on_submit():
        return _render_record(pregnancy, history_form=form), 422
    return _save(
        pregnancy,
        lambda p: services.update_history(
            p, form.height_cm.data, form.last_birth_date.data, form.history_factors.data or []
        ),
        _("Riwayat disimpan; skor risiko dihitung ulang."),
        history_form=form,
    )


@staff_required()
def visit(pregnancy_id: int, visit_id: int):
    pregnancy = _writable(pregnancy_id)
    visit_row = db.session.get(Visit, visit_id) or abort(404)
    form = VisitForm()
    form.observed_factors.choices = _factor_choices()
    if not form.validate_on_submit():
        return _render_record(pregnancy, visit_form=form, visit_id=visit_id), 422
    values = form.cleaned(services.VISIT_FIELDS)
    staff = current_user._get_current_object()
    return _save(
        pregnancy,
        lambda p: services.record_visit(p, visit_row, staff, values, form.observed_factors.data or []),
        _("Kunjungan %(code)s dicatat.", code=visit_row.code),
        visit_form=form,
        visit_id=visit_id,
    )


@staff_required()
def outcome(pregnancy_id: int):
    pregnancy = _writable(pregnancy_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _render_record(pregnancy, outcome_form=form), 422
    values = {
        name: getattr(form, name).data
        for name in (
            "kind",
            "ended_on",
            "place",
            "attendant",
            "mode",
            "birth_weight_g",
            "maternal_death",
            "neonatal_death",
            "notes",
        )
    }
    staff = current_user._get_current_object()
    return _save(
        pregnancy,
        lambda p: outcomes.record_outcome(p, staff, values),
        _("Akhir kehamilan dicatat; jadwal kunjungan disesuaikan."),
        outcome_form=form,
    )


@staff_required()
def staff_birth_plan(pregnancy_id: int):
    pregnancy = _writable(pregnancy_id)
    if request.method == "GET":
        record_read("birth_plan", pregnancy_id, staff=current_user, detail="staff")
    return birth_plan_page(pregnancy, back=url_for(".record_page", pregnancy_id=pregnancy_id))


@staff_required()
def staff_sticker(pregnancy_id: int):
    pregnancy = access.read_pregnancy(current_user, _pregnancy(pregnancy_id), "sticker")
    return render_template("babhar/sticker.html", pregnancy=pregnancy, plan=services.birth_plan_of(pregnancy))


@staff_required()
def cohort_export(fmt: str):
    scope = access.scope_of(current_user)
    if not scope or fmt not in ("csv", "xlsx"):
        abort(403 if not scope else 404)
    month = _month_arg()
    header, rows = cohort_rows(scope, month)
    totals = recap(scope, month)
    with write_transaction():
        record(
            "export",
            "cohort_register",
            month.isoformat()[:7],
            staff=current_user._get_current_object(),
            detail=f"{len(rows)} rows, {fmt}",
        )
    name = f"kohort-ibu-{month.isoformat()[:7]}.{fmt}"
    if fmt == "csv":
        # The recap follows the register after an empty row, as on the paper kohort.
        text = csv_text([header, *rows, [], ["Rekap", month.isoformat()[:7]], *totals])
        return Response(text, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}"})
    return Response(
        to_xlsx(header, rows, month, totals),
        headers={"Content-Disposition": f"attachment; filename={name}"},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@staff_required("admin")
def card_admin():
    if request.method == "POST":
        try:
            with write_transaction():
                kspr_admin.edit_card(current_user._get_current_object(), request.form.to_dict())
        except Invalid as error:
            for message in error.errors.values():
                flash(message, "error")
            return _card_page(), 422
        flash(_("Kartu skor disimpan. Skor dihitung ulang saat data ibu berubah."), "success")
        return redirect(url_for(".card_admin"))
    return _card_page()


def _card_page():
    factors, bands = kspr_admin.card_rows()
    return render_template("babhar/card_admin.html", factors=factors, bands=bands)


def birth_plan_page(pregnancy: Pregnancy, back: str):
    plan = services.birth_plan_of(pregnancy)
    form = BirthPlanForm(obj=plan)
    if plan and request.method == "GET":
        for n, donor in enumerate(plan.blood_donors or [], start=1):
            getattr(form, f"donor_{n}").data = donor.get("name")
    if request.method == "GET" and plan is None:
        form.expected_date.data = pregnancy.due_date
    if form.validate_on_submit():
        values = {
            name: getattr(form, name).data
            for name in ("expected_date", "attendant", "place", "companion", "transport", "savings")
        }
        values["blood_donors"] = [{"name": getattr(form, f"donor_{n}").data} for n in range(1, 5)]
        with write_transaction():
            services.save_birth_plan(pregnancy, values)
        flash(_("Rencana persalinan disimpan."), "success")
        return redirect(back)
    return render_template("babhar/birth_plan.html", form=form, pregnancy=pregnancy, back=back), (
        422 if form.is_submitted() else 200
    )


def _pregnancy(pregnancy_id: int) -> Pregnancy:
    return db.session.get(Pregnancy, pregnancy_id) or abort(404)


def _writable(pregnancy_id: int) -> Pregnancy:
    pregnancy = _pregnancy(pregnancy_id)
    if not access.can_see(current_user, pregnancy):
        abort(403)
    return pregnancy


def _save(pregnancy: Pregnancy, operation, success: str, **forms):
    # The pregnancy was loaded before the write began; it is read again inside it (and after a rollback).
    pregnancy_id = pregnancy.id
    try:
        with write_transaction():
            operation(pregnancy)
            record("update", "pregnancy", pregnancy_id, staff=current_user._get_current_object(), detail=success[:200])
    except services.CareError as error:
        flash(error.message, "error")
        return _render_record(pregnancy, **forms), 422
    flash(success, "success")
    return redirect(url_for(".record_page", pregnancy_id=pregnancy_id))


def _factor_choices():
    factors, _bands = services.card()
    return [
        (code, f"{localized(f)} ({f.points})")
        for code, f in sorted(factors.items(), key=lambda i: (i[1].group, i[0]))
        if code not in NOT_TICKED and f.active
    ]


def _render_record(pregnancy: Pregnancy, history_form=None, visit_form=None, visit_id=None, outcome_form=None):
    today = date.today()
    history_form = history_form or HistoryForm(formdata=None, obj=pregnancy)
    history_form.history_factors.choices = _factor_choices()
    if visit_form is None:
        visit_form = VisitForm(formdata=None, visited_on=today)
    visit_form.observed_factors.choices = _factor_choices()
    factors, bands = services.card()
    states = {v.id: services.visit_state(v, today) for v in pregnancy.visits}
    # The form offers the next contact due; a missed one can still be recorded if she came late.
    open_visits = [v for v in pregnancy.visits if states[v.id] in ("upcoming", "missed")]
    default_visit = next(
        (v for v in open_visits if states[v.id] == "upcoming"), open_visits[0] if open_visits else None
    )
    return render_template(
        "babhar/record.html",
        pregnancy=pregnancy,
        mother=pregnancy.mother,
        today=today,
        identity_form=IdentityCheckForm(formdata=None),
        age=gestational_age(pregnancy.last_period_date, today),
        trimester=trimester(pregnancy.last_period_date, today),
        four_t=four_t(
            pregnancy.mother.birth_date, pregnancy.last_period_date, pregnancy.para, pregnancy.last_birth_date
        ),
        factors_in_force=sorted(services.factors_in_force(pregnancy)),
        factors=factors,
        bands={b.code: b for b in bands},
        history_form=history_form,
        visit_form=visit_form,
        visit_id=visit_id,
        outcome_form=outcome_form or OutcomeForm(formdata=None),
        plan=services.birth_plan_of(pregnancy),
        overdue=services.overdue_visits(pregnancy, today),
        states=states,
        default_visit=default_visit,
        alarm_labels=alarms.labels(),
        outcome_labels=_outcome_labels(),
    )


def _outcome_labels() -> dict[str, dict]:
    return {"kind": outcomes.KINDS, "place": outcomes.PLACES, "attendant": outcomes.ATTENDANTS, "mode": outcomes.MODES}


def _month_arg() -> date:
    """The register's month (``bulan=YYYY-MM``), this month when not given; 400 when unreadable."""
    raw = request.args.get("bulan", "")
    if not raw:
        today = date.today()
        return date(today.year, today.month, 1)
    try:
        return parse_month(raw)
    except InputDateError as error:
        abort(400, description=str(error.message))
