"""The staff second factor at sign-in (enrolment and the code step) and the staff password change.

After the password, a staff member is only half signed in: the session holds who they are, until
when (``TOTP_PENDING_SECONDS``) and how many wrong codes they typed (``TOTP_MAX_FAILURES`` end the
attempt). Only a valid code, or enrolment confirmed by one, completes the sign-in. A signed-in
staff member who must have a second factor and has none reaches no page but enrolment.
"""

from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from suite.audit.services import record
from suite.database import write_transaction
from suite.extensions import db, limiter
from suite.identity import totp
from suite.identity.auth import login_rate_limit, staff_required
from suite.identity.lockout import SignInLocked, second_factor_attempt
from suite.identity.models import Staff
from suite.identity.password_views import change_password_page
from suite.identity.sessions import sign_in

blueprint = Blueprint("second_factor", __name__, url_prefix="/petugas")

PENDING_KEY = "second_factor_pending"
# What a signed-in staff member who still has to enrol may reach.
ENROLMENT_ENDPOINTS = {"second_factor.enrol", "accounts.logout", "static"}


class CodeForm(FlaskForm):
    code = StringField(
        _l("Kode 6 angka dari aplikasi autentikator (atau kode pemulihan)"),
        validators=[DataRequired(_l("Isi kodenya.")), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True},
    )


def after_password(staff: Staff, next_url: str | None = None):
    """The staff sign-in's next step once the password is right: the code, enrolment, or (when no
    second factor is required and none is set) ``next_url`` (a path already checked) or the queue."""
    if not totp.requires_second_factor(staff) and not totp.is_enrolled(staff):
        sign_in(staff)
        return redirect(next_url or url_for("staff.queue"))
    session[PENDING_KEY] = {
        "staff_id": staff.id,
        "failures": 0,
        "next": next_url,
        "until": int(time.time()) + current_app.config["TOTP_PENDING_SECONDS"],
    }
    return redirect(url_for("second_factor.verify" if totp.is_enrolled(staff) else "second_factor.enrol"))


def totp_rate_limit() -> str:
    return current_app.config["TOTP_RATE_LIMIT"]


def code_attempt_key() -> str:
    """Code attempts are counted per account, whichever browser or address they come from."""
    pending = session.get(PENDING_KEY) or {}
    staff_id = pending.get("staff_id") or (current_user.id if current_user.is_authenticated else None)
    return f"second-factor:{staff_id}" if staff_id else f"second-factor-ip:{request.remote_addr}"


@blueprint.before_app_request
def enrolment_first():
    """A signed-in staff member who must have a second factor and has none goes to enrolment."""
    if request.endpoint in ENROLMENT_ENDPOINTS or not current_user.is_authenticated or not current_user.is_staff:
        return None
    if totp.must_enrol(current_user):
        flash(_("Aktifkan verifikasi dua langkah terlebih dahulu."), "warning")
        return redirect(url_for("second_factor.enrol"))
    return None


@blueprint.route("/masuk/kode", methods=["GET", "POST"])
@limiter.limit(totp_rate_limit, key_func=code_attempt_key, methods=["POST"])
def verify():
    staff = _pending_staff()
    if staff is None:
        return _start_again()
    if not totp.is_enrolled(staff):
        return redirect(url_for(".enrol"))
    form = CodeForm()
    if form.validate_on_submit():
        staff_id = staff.id
        try:
            # Committed whether the code was right or not: a failure is counted.
            with write_transaction():
                staff = db.session.get_one(Staff, staff_id)
                accepted = second_factor_attempt(
                    staff,
                    lambda: totp.verify(staff, form.code.data),
                    source="web:second-factor",
                    address=request.remote_addr,
                )
        except SignInLocked as locked:
            return _start_again(
                _(
                    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit.",
                    minutes=locked.minutes,
                )
            )
        if accepted:
            next_url = (session.pop(PENDING_KEY, None) or {}).get("next")
            sign_in(staff)
            return redirect(next_url or url_for("staff.queue"))
        if _count_failure():
            return _start_again(_("Terlalu banyak kode yang salah. Silakan masuk lagi dengan kata sandi."))
        form.code.errors.append(_("Kode salah, kedaluwarsa, atau sudah dipakai. Tunggu kode berikutnya."))
    return render_template("staff/second_factor_verify.html", form=form), (422 if form.is_submitted() else 200)


@blueprint.route("/dua-langkah", methods=["GET", "POST"])
@limiter.limit(totp_rate_limit, key_func=code_attempt_key, methods=["POST"])
def enrol():
    pending = _pending_staff()
    if pending is None and not (current_user.is_authenticated and current_user.is_staff):
        return _start_again()
    staff_id = pending.id if pending is not None else current_user.id
    with write_transaction():
        staff = db.session.get_one(Staff, staff_id)
        enrolled = totp.is_enrolled(staff)
        if not enrolled:  # otherwise nothing is written
            secret = totp.pending_secret(staff)
    if enrolled:
        if pending is not None:
            return redirect(url_for(".verify"))
        flash(_("Verifikasi dua langkah sudah aktif. Admin dapat mengaturnya ulang bila ponsel Anda hilang."), "info")
        return redirect(url_for("staff.profile"))
    form = CodeForm()
    if form.validate_on_submit():
        with write_transaction():
            staff = db.session.get_one(Staff, staff_id)
            codes = totp.confirm_enrolment(staff, form.code.data)
            if codes:
                record("second_factor_enrolled", "staff", staff.id, staff=staff)
        if codes:
            if pending is not None:
                session.pop(PENDING_KEY, None)
                sign_in(staff)
            response = make_response(render_template("staff/second_factor_recovery_codes.html", codes=codes))
            response.headers["Cache-Control"] = "no-store"  # shown once: never from a cache
            return response
        if pending is not None and _count_failure():
            return _start_again(_("Terlalu banyak kode yang salah. Silakan masuk lagi dengan kata sandi."))
        form.code.errors.append(_("Kode salah. Periksa jam ponsel Anda dan coba kode yang sedang tampil."))
    uri = totp.provisioning_uri(staff, secret)
    response = make_response(
        render_template(
            "staff/second_factor_enrol.html",
            form=form,
            qr=Markup(totp.qr_svg(uri)),
            uri=uri,
            secret=secret,
            must=totp.requires_second_factor(staff),
        ),
        422 if form.is_submitted() else 200,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/profil/kata-sandi", methods=["GET", "POST"])
@staff_required()
@limiter.limit(login_rate_limit, methods=["POST"])  # the current password must not be guessed here
def change_password():
    return change_password_page(Staff, "staff", "staff.profile")


def _pending_staff() -> Staff | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("staff_id"), int):
        return None
    if int(pending.get("until") or 0) < time.time():
        session.pop(PENDING_KEY, None)
        return None
    staff = db.session.get(Staff, pending["staff_id"])
    return staff if staff is not None and staff.active else None


def _count_failure() -> bool:
    """Count a wrong code; True when the attempt is over."""
    pending = dict(session.get(PENDING_KEY) or {})
    pending["failures"] = int(pending.get("failures") or 0) + 1
    if pending["failures"] >= current_app.config["TOTP_MAX_FAILURES"]:
        session.pop(PENDING_KEY, None)
        return True
    session[PENDING_KEY] = pending
    return False


def _start_again(message: str | None = None):
    session.pop(PENDING_KEY, None)
    flash(message or _("Silakan masuk dengan email dan kata sandi terlebih dahulu."), "info")
    return redirect(url_for("staff.login"))
