"""Citizen-facing phone confirmation (issue 9, item 5): "enter the code we sent".

After the registration form every registrant lands here with the same words, whatever the
database holds (``start_registration``). A citizen signed in with an unconfirmed phone comes
here too: until then they may file and follow reports on the web, but nothing is sent to their
phone and SMS/WhatsApp from it do not attach to the account; every page reminds them.

The browser keeps only a random flow token in its session; a flow with no code behind it (the
phone belonged to another account) fails the same way a wrong code does, counted in the session.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from suite.database import utcnow, write_transaction
from suite.extensions import db, limiter
from suite.identity import phone_confirmation as codes
from suite.identity.models import Citizen
from suite.identity.sessions import sign_in
from suite.identity.verification import IdentityClaim
from suite.identity.views import blueprint

FLOW_KEY = "phone_flow"
CLAIM_KEY = "nik_claim_id"
_OWN_ENDPOINTS = {"accounts.confirm_phone", "accounts.resend_phone_code", "accounts.logout", "static"}


def code_send_limit() -> str:
    return current_app.config["PHONE_CODE_RATE_LIMIT"]


def code_check_limit() -> str:
    return current_app.config["PHONE_CODE_CHECK_RATE_LIMIT"]


class PhoneCodeForm(FlaskForm):
    code = StringField(
        _l("Kode 6 digit"),
        validators=[DataRequired(_l("Masukkan kode dari SMS/WhatsApp."))],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 12},
    )


class ResendForm(FlaskForm):
    """Only the CSRF token."""


def begin_code_flow(flow_token: str, next_url: str | None = None):
    """The registration form's answer, identical for every registrant: go to the code page."""
    session.pop(CLAIM_KEY, None)
    session[FLOW_KEY] = {"token": flow_token, "next": next_url or "", "misses": 0, "started": utcnow().isoformat()}
    return redirect(url_for("accounts.confirm_phone"))


def _signed_in_unconfirmed() -> bool:
    return current_user.is_authenticated and not current_user.is_staff and current_user.phone_confirmed_at is None


@blueprint.route("/konfirmasi-hp", methods=["GET", "POST"])
@limiter.limit(code_check_limit, methods=["POST"])
def confirm_phone():
    flow = session.get(FLOW_KEY)
    if not flow and not _signed_in_unconfirmed():
        return redirect(url_for("portal.home") if current_user.is_authenticated else url_for("accounts.register"))
    form = PhoneCodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            # A failed try is committed too: it counts towards the code's limit.
            with write_transaction():
                row = codes.code_for_flow(flow["token"]) if flow else _citizen_code()
                outcome = codes.check_code(row, form.code.data) if row is not None else _decoy_check(flow)
                confirmed = codes.confirm_holder(row) if outcome == "ok" else None
        except codes.PhoneTaken:  # its owner proved the number a moment earlier
            session.pop(FLOW_KEY, None)
            flash(
                _(
                    "Nomor HP ini sudah dikonfirmasi oleh akun lain. Masuk dengan NIK Anda dan hubungi petugas "
                    "layanan bila nomor itu milik Anda."
                ),
                "error",
            )
            return redirect(url_for("accounts.register"))
        if confirmed is not None:
            return _confirmed(confirmed)
        form.code.errors.append(
            {
                "wrong": _l("Kode salah. Periksa pesan terakhir dari kami."),
                "expired": _l("Kode sudah tidak berlaku. Minta kode baru."),
                "locked": _l("Terlalu banyak percobaan. Minta kode baru."),
            }[outcome]
        )
        status = 422
    elif form.is_submitted():
        status = 422
    return render_template(
        "accounts/confirm_phone.html",
        form=form,
        resend_form=ResendForm(formdata=None),
        signed_in=not flow,
        minutes=current_app.config["PHONE_CODE_TTL_MINUTES"],
    ), status


@blueprint.route("/konfirmasi-hp/kirim-ulang", methods=["POST"])
@limiter.limit(code_send_limit)
def resend_phone_code():
    flow = session.get(FLOW_KEY)
    if not flow and not _signed_in_unconfirmed():
        return redirect(url_for("accounts.register"))
    if ResendForm().validate_on_submit():
        with write_transaction():
            if flow:
                row = codes.code_for_flow(flow["token"])
                if row is not None:
                    codes.resend(row, _channel_for(row))
            else:
                citizen = db.session.get(Citizen, current_user.id)
                row, channel = codes.latest_code_for_citizen(citizen.id), codes.preferred_code_channel(citizen)
                if row is not None and row.used_at is None and row.expires_at > utcnow():
                    codes.resend(row, channel)
                else:
                    codes.issue_code(citizen.phone, citizen=citizen, channel=channel)
        # The same words whether or not anything went out (limits, or no code behind this flow).
        flash(_("Bila nomor Anda benar, kode baru sudah dikirim. Tunggu sebentar sebelum meminta lagi."), "info")
    return redirect(url_for("accounts.confirm_phone"))


@blueprint.route("/klaim-nik")
def nik_claim():
    """Shown only to whoever proved the claim's phone in this browser."""
    claim = db.session.get(IdentityClaim, session.get(CLAIM_KEY) or 0)
    if claim is None:
        return redirect(url_for("accounts.register"))
    return render_template("accounts/nik_claim.html", claim=claim)


@blueprint.before_app_request
def remind_unconfirmed_phone():
    """Every page reminds a citizen whose phone is not confirmed yet (a banner, not a wall)."""
    if request.method != "GET" or request.endpoint in _OWN_ENDPOINTS or not request.endpoint:
        return
    if not _signed_in_unconfirmed():
        return
    text = _(
        "Nomor HP Anda belum dikonfirmasi: kabar laporan belum bisa dikirim ke HP Anda. Konfirmasi di "
        "halaman Konfirmasi nomor HP (menu Akun)."
    )
    if text not in _queued_flashes():
        flash(text, "warning")


def _queued_flashes() -> list[str]:
    # Read the queue without emptying it (get_flashed_messages would consume it).
    return [message for _category, message in session.get("_flashes", [])]


def _citizen_code():
    return codes.latest_code_for_citizen(current_user.id)


def _channel_for(row) -> str:
    citizen = db.session.get(Citizen, row.citizen_id) if row.citizen_id else None
    return codes.preferred_code_channel(citizen)


def _decoy_check(flow: dict | None) -> str:
    """A flow with no code behind it answers as a real one would: wrong, then locked, then expired."""
    if flow is None:
        return "expired"
    flow["misses"] = int(flow.get("misses", 0)) + 1
    session[FLOW_KEY] = flow
    started = flow.get("started") or ""
    try:
        age = utcnow() - datetime.fromisoformat(started)
    except (TypeError, ValueError):
        age = timedelta(0)
    if age >= timedelta(minutes=current_app.config["PHONE_CODE_TTL_MINUTES"]):
        return "expired"
    return "locked" if flow["misses"] >= current_app.config["PHONE_CODE_MAX_ATTEMPTS"] else "wrong"


def _confirmed(confirmed):
    """After the commit: end the flow, then show the claim or sign the citizen in."""
    flow = session.pop(FLOW_KEY, None) or {}
    if isinstance(confirmed, IdentityClaim):
        session[CLAIM_KEY] = confirmed.id
        return redirect(url_for("accounts.nik_claim"))
    citizen = confirmed
    if not current_user.is_authenticated or current_user.is_staff or current_user.id != citizen.id:
        sign_in(citizen)
        for warning in citizen.nik_warnings or []:
            flash(warning, "warning")
        flash(
            _("Nomor HP terkonfirmasi. Pendaftaran berhasil. Selamat datang, %(name)s.", name=citizen.full_name),
            "success",
        )
        return redirect(flow.get("next") or url_for("portal.home"))
    flash(_("Nomor HP terkonfirmasi. Kabar laporan kini bisa dikirim ke HP Anda."), "success")
    return redirect(url_for("portal.my_tickets"))
