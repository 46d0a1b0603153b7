"""Citizen registration and sign-in, and sign-out for everyone."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from suite.database import begin_write
from suite.extensions import db, limiter
from suite.identity.auth import login_rate_limit
from suite.identity.auth import citizen_required
from suite.identity.forms import CitizenLoginForm, PreferencesForm, RegistrationForm
from suite.identity.models import Citizen
from suite.identity.services import (CitizenRegistration, RegistrationError, authenticate_citizen,
                                     register_citizen)

blueprint = Blueprint("accounts", __name__, url_prefix="/akun")


@blueprint.route("/daftar", methods=["GET", "POST"])
def register():
    form = RegistrationForm()
    if form.validate_on_submit():
        data = CitizenRegistration(
            nik=form.nik.data, full_name=form.full_name.data, birth_date=form.birth_date.data,
            sex=form.sex.data, phone=form.phone.data, desa_code=form.desa_code.data,
            password=form.password.data, email=form.email.data)
        begin_write()
        try:
            citizen = register_citizen(data)
            db.session.commit()
        except RegistrationError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(error.message)
        else:
            login_user(citizen)
            for warning in citizen.nik_warnings or []:
                flash(warning, "warning")
            flash(_("Pendaftaran berhasil. Selamat datang, %(name)s.", name=citizen.full_name), "success")
            return redirect(_safe_next() or url_for("portal.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


@blueprint.route("/masuk", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    form = CitizenLoginForm()
    if form.validate_on_submit():
        citizen = authenticate_citizen(form.identifier.data, form.password.data)
        if citizen is not None:
            login_user(citizen)
            return redirect(_safe_next() or url_for("portal.my_tickets"))
        form.password.errors.append(_("NIK/nomor HP atau kata sandi salah."))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@blueprint.route("/pengaturan", methods=["GET", "POST"])
@citizen_required
def preferences():
    form = PreferencesForm(obj=current_user)
    if form.validate_on_submit():
        citizen_id = current_user.id
        begin_write()
        citizen = db.session.get(Citizen, citizen_id)
        citizen.preferred_channel = form.preferred_channel.data
        citizen.email = (form.email.data or "").strip() or None
        db.session.commit()
        flash(_("Pengaturan disimpan."), "success")
        return redirect(url_for(".preferences"))
    return render_template("accounts/preferences.html", form=form), (422 if form.is_submitted() else 200)


@blueprint.route("/keluar", methods=["POST"])
def logout():
    was_staff = current_user.is_authenticated and current_user.is_staff
    logout_user()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("staff.login" if was_staff else "portal.home"))


def _safe_next() -> str | None:
    target = request.args.get("next")
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None
