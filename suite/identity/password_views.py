"""Password pages: a citizen changes theirs at their settings; citizens and staff who forgot theirs
ask for a one-time link and set a new one through it.

A reset request answers the same way whether or not the account exists, and is rate-limited per
client address and per account (``PASSWORD_RESET_RATE_LIMIT``, ``PASSWORD_RESET_ACCOUNT_RATE_LIMIT``).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from suite.audit.services import record
from suite.database import write_transaction
from suite.extensions import db, limiter
from suite.identity import password_reset, protection
from suite.identity.auth import citizen_required, login_rate_limit
from suite.identity.models import Citizen
from suite.identity.password_policy import password_label
from suite.identity.sessions import end_all_sessions
from suite.web_links import absolute_url

blueprint = Blueprint("passwords", __name__)


class ResetForm(FlaskForm):
    new_password = PasswordField(
        _l("Kata sandi baru"),
        validators=[DataRequired(_l("Wajib diisi.")), Length(max=1000)],
        render_kw={"autocomplete": "new-password"},
    )
    new_password_confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("new_password", _l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, kind: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_password.label.text = password_label(kind)


class PasswordChangeForm(ResetForm):
    current_password = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[DataRequired(_l("Wajib diisi."))],
        render_kw={"autocomplete": "current-password"},
    )


class CitizenForgotForm(FlaskForm):
    identifier = StringField(
        _l("NIK atau nomor HP"),
        validators=[DataRequired(_l("Wajib diisi.")), Length(max=40)],
        render_kw={"autocomplete": "username"},
    )


class StaffForgotForm(FlaskForm):
    identifier = EmailField(
        _l("Email dinas"),
        validators=[DataRequired(_l("Wajib diisi.")), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )


def reset_rate_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def reset_account_rate_limit() -> str:
    return current_app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"]


def reset_account_key() -> str:
    """The limiter's key for "this account": a keyed hash, so no NIK or phone sits in the limiter's store."""
    typed = (request.form.get("identifier") or "").strip().lower()
    digits = "".join(ch for ch in typed if ch.isdigit())
    if "@" not in typed and len(digits) >= 8:
        typed = digits[-10:]  # 0812..., +62812... and a NIK written with separators count as one
    return "password-reset:" + protection.blind_index("password-reset:" + typed)[:32]


@blueprint.route("/akun/pengaturan/kata-sandi", methods=["GET", "POST"])
@citizen_required
@limiter.limit(login_rate_limit, methods=["POST"])  # the current password must not be guessed here
def citizen_change():
    return change_password_page(Citizen, "citizen", "accounts.preferences")


def change_password_page(model, kind: str, back_endpoint: str):
    """The signed-in account changes its password: the current one first; other sessions end."""
    form = PasswordChangeForm(kind)
    if form.validate_on_submit():
        account_id = current_user.id
        try:
            with write_transaction():
                # The signed-in account: its session was checked against a live row this request.
                account = db.session.get_one(model, account_id)
                password_reset.change_password(account, form.current_password.data, form.new_password.data)
                end_all_sessions(account, keep_current=True)
                record("password_changed", kind, account.id, **{kind: account})
        except password_reset.PasswordChangeError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("Kata sandi diubah. Sesi di perangkat lain sudah diakhiri."), "success")
            return redirect(url_for(back_endpoint))
    return render_template("accounts/password_change.html", form=form, back=url_for(back_endpoint)), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/akun/lupa-sandi", methods=["GET", "POST"], defaults={"kind": "citizen"})
@blueprint.route("/petugas/lupa-sandi", methods=["GET", "POST"], defaults={"kind": "staff"}, endpoint="staff_forgot")
@limiter.limit(reset_rate_limit, methods=["POST"])
@limiter.limit(reset_account_rate_limit, key_func=reset_account_key, methods=["POST"])
def forgot(kind: str):
    form = StaffForgotForm() if kind == "staff" else CitizenForgotForm()
    if form.validate_on_submit():
        endpoint = "passwords.staff_reset" if kind == "staff" else "passwords.reset"
        with write_transaction():
            find = password_reset.find_staff if kind == "staff" else password_reset.find_citizen
            account = find(form.identifier.data)
            password_reset.request_reset(account, lambda token: absolute_url(endpoint, token=token))
        # The same words whether or not the account exists: the form must not tell who is registered.
        flash(
            _(
                "Bila akun itu terdaftar dan punya nomor HP terkonfirmasi atau email, tautan untuk mengatur ulang "
                "kata sandi sudah dikirim. Tautan berlaku %(minutes)s menit.",
                minutes=current_app.config["PASSWORD_RESET_MINUTES"],
            ),
            "info",
        )
        return redirect(url_for("staff.login" if kind == "staff" else "accounts.login"))
    return render_template("accounts/password_forgot.html", form=form, kind=kind), (422 if form.is_submitted() else 200)


@blueprint.route("/akun/atur-ulang-sandi/<token>", methods=["GET", "POST"], defaults={"kind": "citizen"})
@blueprint.route(
    "/petugas/atur-ulang-sandi/<token>", methods=["GET", "POST"], defaults={"kind": "staff"}, endpoint="staff_reset"
)
@limiter.limit(reset_rate_limit, methods=["POST"])
def reset(token: str, kind: str):
    if password_reset.valid_reset(token, kind) is None:
        return _invalid_link(kind)
    form = ResetForm(kind)
    if form.validate_on_submit():
        try:
            with write_transaction():
                account = password_reset.complete_reset(token, kind, form.new_password.data)
                if account is not None:
                    end_all_sessions(account)
                    record(
                        "password_reset",
                        kind,
                        account.id,
                        staff=account if account.is_staff else None,
                        citizen=None if account.is_staff else account,
                    )
        except password_reset.PasswordChangeError as error:
            form.new_password.errors.append(error.message)
        else:
            if account is None:  # spent by another request a moment ago; nothing was written
                return _invalid_link(kind)
            flash(_("Kata sandi baru disimpan. Silakan masuk."), "success")
            return redirect(url_for("staff.login" if kind == "staff" else "accounts.login"))
    return render_template("accounts/password_reset.html", form=form, kind=kind), (422 if form.is_submitted() else 200)


def _invalid_link(kind: str):
    forgot_url = url_for("passwords.staff_forgot" if kind == "staff" else "passwords.forgot")
    return render_template("accounts/password_reset_invalid.html", forgot_url=forgot_url), 404
