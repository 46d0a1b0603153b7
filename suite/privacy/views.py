"""The citizen's privacy pages (issue 9, item 12): their data, their consents, erasure.

Every page here carries personal data: ``Cache-Control: no-store``. The full data (with the NIK in
clear) opens only for a few minutes after the password is entered again.
"""

from __future__ import annotations

import json
import time

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from suite.database import write_transaction
from suite.extensions import db, limiter
from suite.identity.auth import citizen_required, login_rate_limit
from suite.identity.models import Citizen
from suite.identity.passwords import verify_password
from suite.privacy import records as _records  # noqa: F401  (tables known to the app)
from suite.privacy import subject_rights
from suite.privacy.forms import ErasureForm, PasswordCheckForm, WithdrawForm
from suite.privacy.labels import LABELS

blueprint = Blueprint("privacy", __name__, url_prefix="/akun/privasi")
REAUTH_KEY = "privacy_reauth_at"


@blueprint.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.before_app_request
def _refuse_erased_accounts():
    # Belt and braces beside the revoked server-side sessions: an erased account is never signed in.
    if current_user.is_authenticated and not current_user.is_staff and getattr(current_user, "erased_at", None):
        logout_user()
        session.clear()


@blueprint.route("")
@citizen_required
def overview():
    citizen = _citizen()
    return render_template("accounts/privacy.html", consents=subject_rights.consents(citizen), form=WithdrawForm())


@blueprint.route("/konfirmasi", methods=["GET", "POST"])
@citizen_required
@limiter.limit(login_rate_limit, methods=["POST"])
def confirm():
    form = PasswordCheckForm()
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            session[REAUTH_KEY] = int(time.time())
            return redirect(url_for(".my_data"))
        form.password.errors.append(_("Kata sandi salah."))
    return render_template("accounts/privacy_confirm.html", form=form), (422 if form.is_submitted() else 200)


@blueprint.route("/data-saya")
@citizen_required
def my_data():
    if not _recently_confirmed():
        return redirect(url_for(".confirm"))
    with write_transaction():
        citizen = _citizen()
        data = subject_rights.export_data(citizen, full_nik=True)
        subject_rights.record_export(citizen, "html")
    return render_template("accounts/my_data.html", data=data, labels=LABELS)


@blueprint.route("/data-saya.json")
@citizen_required
def my_data_json():
    if not _recently_confirmed():
        return redirect(url_for(".confirm"))
    with write_transaction():
        citizen = _citizen()
        data = subject_rights.export_data(citizen)
        subject_rights.record_export(citizen, "json")
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body, mimetype="application/json", headers={"Content-Disposition": "attachment; filename=data-saya.json"}
    )


@blueprint.route("/persetujuan/<key>/tarik", methods=["POST"])
@citizen_required
def withdraw(key: str):
    form = WithdrawForm()
    if not form.validate_on_submit():
        abort(400)
    with write_transaction():
        consent = subject_rights.withdraw_consent(_citizen(), key[:100])
        if consent is None:
            abort(404)
    flash(_("Persetujuan ditarik. %(effect)s", effect=consent.withdrawal_effect), "success")
    return redirect(url_for(".overview"))


@blueprint.route("/hapus", methods=["GET", "POST"])
@citizen_required
@limiter.limit(login_rate_limit, methods=["POST"])
def erase():
    form = ErasureForm()
    holds = subject_rights.legal_holds(_citizen())
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.password.data):
            form.password.errors.append(_("Kata sandi salah."))
        else:
            with write_transaction():
                outcome = subject_rights.request_erasure(_citizen())
            if not outcome.erased:
                return render_template("accounts/erasure.html", form=form, holds=outcome.holds, refused=True), 409
            _sign_out_here()
            flash(_("Data pribadi Anda sudah dihapus dan Anda sudah dikeluarkan dari semua perangkat."), "success")
            return redirect(url_for("portal.home"))
    return render_template("accounts/erasure.html", form=form, holds=holds, refused=False), (
        422 if form.is_submitted() else 200
    )


def _citizen() -> Citizen:
    """The signed-in citizen's row (its session was checked against a live account this request)."""
    return db.session.get_one(Citizen, current_user.id)


def _recently_confirmed() -> bool:
    confirmed_at = session.get(REAUTH_KEY)
    window = current_app.config["PRIVACY_REAUTH_SECONDS"]
    return isinstance(confirmed_at, int) and 0 <= time.time() - confirmed_at <= window


def _sign_out_here() -> None:
    try:
        from suite.identity.sessions import sign_out
    except ImportError:
        logout_user()
        session.clear()
        return
    sign_out()
