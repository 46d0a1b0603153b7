"""Citizen registration and sign-in, and sign-out for everyone."""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from suite.database import write_transaction
from suite.extensions import db, limiter
from suite.identity.auth import citizen_required, login_rate_limit
from suite.identity.forms import CitizenLoginForm, PreferencesForm, RegistrationForm
from suite.identity.lockout import sign_in_citizen
from suite.identity.models import Citizen
from suite.identity.redirects import safe_redirect_target
from suite.identity.services import CitizenRegistration, RegistrationError, start_registration
from suite.identity.sessions import sign_in, sign_out
from suite.identity.sign_in_attempt import attempt_sign_in
from suite.security.limits import limit_registration

blueprint = Blueprint("accounts", __name__, url_prefix="/akun")


@blueprint.route("/daftar", methods=["GET", "POST"])
@limit_registration  # issue 9, item 2: per client address; a refusal shows the form again
def register():
    form = RegistrationForm()
    if form.validate_on_submit():
        data = CitizenRegistration(
            nik=form.nik.data,
            full_name=form.full_name.data,
            birth_date=form.birth_date.data,
            sex=form.sex.data,
            phone=form.phone.data,
            desa_code=form.desa_code.data,
            password=form.password.data,
            email=form.email.data,
        )
        # Issue 9, item 5: the same answer whether or not the NIK or phone is taken; the account
        # becomes usable on the code page (suite/identity/confirm_views.py).
        try:
            with write_transaction():
                flow_token = start_registration(data)
        except RegistrationError as error:
            getattr(form, error.field).errors.append(error.message)
        except IntegrityError:  # the same NIK or phone registered a moment ago: answer as usual
            return confirm_views.begin_code_flow(secrets.token_urlsafe(32), _safe_next())
        else:
            return confirm_views.begin_code_flow(flow_token, _safe_next())
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


@blueprint.route("/masuk", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    form = CitizenLoginForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        citizen, locked_page = attempt_sign_in(
            sign_in_citizen,
            form.identifier.data,
            form.password.data,
            source="web:citizen",
            form=form,
            template="accounts/login.html",
        )
        if locked_page is not None:
            return locked_page
        if citizen is not None:
            sign_in(citizen)
            return redirect(_safe_next() or url_for("portal.my_tickets"))
        form.password.errors.append(_("NIK/nomor HP atau kata sandi salah."))
    return render_template("accounts/login.html", form=form), status


@blueprint.route("/pengaturan", methods=["GET", "POST"])
@citizen_required
def preferences():
    form = PreferencesForm(obj=current_user)
    if form.validate_on_submit():
        citizen_id = current_user.id
        with write_transaction():
            citizen = db.session.get_one(Citizen, citizen_id)  # the signed-in citizen
            citizen.preferred_channel = form.preferred_channel.data
            citizen.email = (form.email.data or "").strip() or None
        flash(_("Pengaturan disimpan."), "success")
        return redirect(url_for(".preferences"))
    return render_template("accounts/preferences.html", form=form), (422 if form.is_submitted() else 200)


@blueprint.route("/keluar", methods=["POST"])
def logout():
    was_staff = current_user.is_authenticated and current_user.is_staff
    sign_out()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("staff.login" if was_staff else "portal.home"))


def _safe_next() -> str | None:
    return safe_redirect_target(request.args.get("next"))


from suite.identity import confirm_views  # noqa: E402  (the phone-code routes, issue 9 item 5)
