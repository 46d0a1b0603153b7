"""Call centre: an officer opens a ticket on a caller's behalf (channel ``phone``).

The caller is found by NIK or phone (typed into a POST form: a NIK never travels in a URL)
or registered on the spot; the chosen caller is kept in the officer's session until the call
ends. Only staff with the call-centre duty (``Staff.call_centre``) and admins get here; each
lookup is audited (found or not, never the NIK or number itself) and lookups and registrations
are rate-limited per account (``CALL_CENTRE_LOOKUP_RATE_LIMIT``).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from suite.audit.services import record_read
from suite.channels.intake import ticket_by_code
from suite.database import write_transaction
from suite.extensions import db, limiter
from suite.identity import protection
from suite.identity.auth import call_centre_required, staff_rate_key
from suite.identity.forms import RegistrationForm
from suite.identity.models import Citizen
from suite.identity.nik import normalise
from suite.identity.services import (
    CitizenRegistration,
    RegistrationError,
    find_citizen_by_nik,
    find_citizen_by_phone,
    register_caller,
)
from suite.portal.forms import IntakeForm
from suite.portal.intake import submit_intake
from suite.registry import enabled_modules, get_module
from suite.staff.views import blueprint
from suite.ticketing import module_state
from suite.ticketing.access import can_file_for_caller, can_view

SESSION_KEY = "call_citizen_id"


def lookup_rate_limit() -> str:
    return current_app.config["CALL_CENTRE_LOOKUP_RATE_LIMIT"]


# One counter for lookups and registrations: a registration attempt also says whether a NIK is taken.
lookup_limit = limiter.shared_limit(
    lookup_rate_limit, scope="call-centre-lookup", key_func=staff_rate_key, methods=["POST"]
)


class CallerLookupForm(FlaskForm):
    identifier = StringField(
        _l("NIK atau nomor HP penelepon"),
        validators=[DataRequired(_l("Wajib diisi."))],
        render_kw={"autocomplete": "off"},
    )


class CallerRegistrationForm(RegistrationForm):
    """Registration over the phone: the caller sets a password later, on the web or a kiosk."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.password
        del self.password_confirm


@blueprint.route("/telepon", methods=["GET", "POST"])
@call_centre_required
@lookup_limit
def call_lookup():
    form = CallerLookupForm()
    registration = None
    if form.validate_on_submit():
        raw = form.identifier.data.strip()
        digits = normalise(raw)
        by_nik = len(digits) == 16 and digits.isdigit()
        citizen = find_citizen_by_nik(digits) if by_nik else find_citizen_by_phone(raw)
        # Every lookup is audited, found or not; the NIK or number itself never goes into the log,
        # only the NIK's blind index (an investigator with the key can tell which NIK was sought).
        detail = f"lookup by NIK, index {protection.blind_index(digits)[:16]}" if by_nik else "lookup by phone"
        record_read(
            "citizen",
            citizen.id if citizen is not None else "not-found",
            staff=current_user,
            citizen=citizen,
            detail=detail,
            action="lookup",
        )
        if citizen is not None:
            session[SESSION_KEY] = citizen.id
            return redirect(url_for(".call_caller"))
        flash(_("Penelepon belum terdaftar. Daftarkan sekarang."), "info")
        registration = CallerRegistrationForm(formdata=None)
        if len(digits) == 16 and digits.isdigit():
            registration.nik.data = digits
        else:
            registration.phone.data = raw
    return render_template("staff/call_lookup.html", form=form, registration=registration)


@blueprint.route("/telepon/daftar", methods=["POST"])
@call_centre_required
@lookup_limit
def call_register():
    registration = CallerRegistrationForm()
    if registration.validate_on_submit():
        data = CitizenRegistration(
            nik=registration.nik.data,
            full_name=registration.full_name.data,
            birth_date=registration.birth_date.data,
            sex=registration.sex.data,
            phone=registration.phone.data,
            desa_code=registration.desa_code.data,
            password=None,
            email=registration.email.data,
        )
        try:
            with write_transaction():
                citizen = register_caller(current_user, data)
        except RegistrationError as error:
            # A refusal can tell the operator that a NIK or number is taken: that too is a lookup.
            record_read(
                "citizen",
                "registration-refused",
                staff=current_user,
                action="lookup",
                detail=f"registration refused ({error.field})",
            )
            getattr(registration, error.field).errors.append(error.message)
        else:
            session[SESSION_KEY] = citizen.id
            flash(_("Penelepon terdaftar."), "success")
            return redirect(url_for(".call_caller"))
    return render_template(
        "staff/call_lookup.html", form=CallerLookupForm(formdata=None), registration=registration
    ), 422


@blueprint.route("/telepon/warga")
@call_centre_required
def call_caller():
    modules = [m for m in enabled_modules().values() if can_file_for_caller(current_user, m)]
    return render_template("staff/call_caller.html", caller=_caller(), modules=modules)


@blueprint.route("/telepon/lapor/<module_code>", methods=["GET", "POST"])
@call_centre_required
def call_intake(module_code: str):
    caller = _caller()
    module = get_module(module_code) or abort(404)
    if not can_file_for_caller(current_user, module):
        abort(403)  # health reports: health staff or the call centre only
    refusal = module.check_citizen(caller)
    if refusal:
        flash(refusal, "error")
        return redirect(url_for(".call_caller"))
    closed = not module_state.is_open(module.code)
    if closed:  # what to tell the caller (issue 12, item 1)
        flash(module_state.closed_message(module), "error")
        if request.method == "GET":
            return redirect(url_for(".call_caller"))
    form = (module.intake_form or IntakeForm)(module=module)
    if closed:  # a form posted anyway stays on screen as typed
        page = render_template(module.intake_template, module=module, form=form, duplicates=[], on_behalf_of=caller)
        return page, 503
    if form.validate_on_submit():
        outcome = submit_intake(
            module,
            form,
            channel="phone",
            citizen=caller,
            success_url=_after_call_ticket,
            caller=f"staff:{current_user.id}",
            context={"filed_by_staff_id": current_user.id},
        )
        if outcome is not None:
            return outcome
    return render_template(module.intake_template, module=module, form=form, duplicates=[], on_behalf_of=caller), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/telepon/selesai", methods=["POST"])
@call_centre_required
def call_end():
    session.pop(SESSION_KEY, None)
    return redirect(url_for(".call_lookup"))


def _caller() -> Citizen:
    citizen = db.session.get(Citizen, session.get(SESSION_KEY) or 0)
    if citizen is None:
        abort(redirect(url_for(".call_lookup")))
    return citizen


def _after_call_ticket(code: str) -> str:
    ticket = ticket_by_code(code)
    if ticket is not None and can_view(current_user, ticket):
        return url_for(".ticket", code=code)
    return url_for(".call_caller", dibuat=code)
