"""The identity desk (issue 9, item 5): staff who see a citizen's KTP in person find the account
by the exact NIK, mark the identity verified, and settle claims on a NIK another account holds.

Who may do what is decided in ``suite.identity.verification``; every lookup is audited (found
or not, the NIK itself never in the log) and the page shows the NIK masked only.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired

from suite.audit.services import record_read
from suite.database import write_transaction
from suite.extensions import db, limiter
from suite.identity import nik as nik_rules
from suite.identity import verification
from suite.identity.auth import staff_required
from suite.identity.models import Citizen
from suite.identity.services import find_citizen_by_nik
from suite.staff.views import blueprint


class IdentityLookupForm(FlaskForm):
    nik = StringField(
        _l("NIK pada KTP (16 digit)"),
        validators=[DataRequired(_l("Wajib diisi."))],
        render_kw={"autocomplete": "off", "inputmode": "numeric", "maxlength": 24},
    )


class KtpSeenForm(FlaskForm):
    ktp_seen = BooleanField(
        _l("Saya sudah melihat KTP asli dan wajah pemiliknya cocok."),
        validators=[DataRequired(_l("Centang bila KTP asli sudah diperiksa."))],
    )


class RejectForm(FlaskForm):
    """Only the CSRF token."""


def _lookup_limit() -> str:
    # The call centre's lookup budget (issue 9, item 10): a NIK search is the same kind of act.
    return current_app.config.get("CALL_CENTRE_LOOKUP_RATE_LIMIT", "60 per hour")


def _desk_only() -> None:
    if not verification.may_use_identity_desk(current_user):
        abort(403)


@blueprint.route("/identitas", methods=["GET", "POST"])
@staff_required()
@limiter.limit(_lookup_limit, key_func=lambda: f"identity-desk:{current_user.get_id()}", methods=["POST"])
def identity_desk():
    _desk_only()
    form = IdentityLookupForm()
    if not form.validate_on_submit():
        return render_template("staff/identity.html", form=form, searched=False), (422 if form.is_submitted() else 200)
    digits = nik_rules.normalise(form.nik.data)
    if not (len(digits) == 16 and digits.isdigit()):
        form.nik.errors.append(_l("NIK terdiri dari 16 angka; pencarian hanya dengan NIK yang lengkap."))
        return render_template("staff/identity.html", form=form, searched=False), 422
    citizen = find_citizen_by_nik(digits)
    claims = verification.claims_for_nik(digits)
    record_read(
        "citizen",
        citizen.id if citizen is not None else "not-found",
        staff=current_user,
        citizen=citizen,
        detail=f"identity desk lookup by NIK ({len(claims)} open claims)",
    )
    return render_template(
        "staff/identity.html",
        form=IdentityLookupForm(formdata=None),
        searched=True,
        citizen=citizen,
        claims=claims,
        nik_masked=nik_rules.mask(digits),
        may_verify=citizen is not None and verification.may_verify(current_user, citizen),
        may_resolve={c.id: verification.may_resolve(current_user, c) for c in claims},
        ktp_form=KtpSeenForm(formdata=None),
        reject_form=RejectForm(formdata=None),
    )


@blueprint.route("/identitas/warga/<int(max=2147483647):citizen_id>/verifikasi", methods=["POST"])
@staff_required()
def verify_identity(citizen_id: int):
    return _desk_action(
        KtpSeenForm(),
        lambda: db.session.get(Citizen, citizen_id),
        verification.may_verify,
        verification.verify_identity,
        lambda citizen, result: (
            _("Identitas %(name)s terverifikasi (KTP diperiksa langsung).", name=citizen.full_name),
            "success",
        ),
    )


@blueprint.route("/identitas/klaim/<int(max=2147483647):claim_id>/berikan", methods=["POST"])
@staff_required()
def grant_claim(claim_id: int):
    return _desk_action(
        KtpSeenForm(),
        lambda: verification.claim_by_id(claim_id),
        verification.may_resolve,
        verification.grant_claim,
        lambda claim, citizen: (
            _(
                "Klaim %(reference)s dikabulkan: NIK kini milik akun %(name)s yang terverifikasi.",
                reference=claim.reference,
                name=citizen.full_name,
            ),
            "success",
        ),
    )


@blueprint.route("/identitas/klaim/<int(max=2147483647):claim_id>/tolak", methods=["POST"])
@staff_required()
def reject_claim(claim_id: int):
    return _desk_action(
        RejectForm(),
        lambda: verification.claim_by_id(claim_id),
        verification.may_resolve,
        verification.reject_claim,
        lambda claim, result: (
            _("Klaim %(reference)s ditolak; NIK tetap pada akun yang ada.", reference=claim.reference),
            "info",
        ),
    )


def _desk_action(form, load, allowed, act, done):
    """One desk decision in one write: the row loaded, this staff member's right to it checked, the
    in-person check ticked, the service run; ``done(row, result)`` gives the message to show."""
    _desk_only()
    try:
        with write_transaction():
            row = load() or abort(404)
            if not allowed(current_user, row):
                abort(403)
            checked = form.validate_on_submit()
            if checked:  # unchecked, nothing is written
                result = act(row, current_user._get_current_object())
                message, category = done(row, result)
    except verification.IdentityError as error:
        flash(str(error.args[0]), "error")
        return redirect(url_for(".identity_desk"))
    if not checked:
        flash(_("Centang bila KTP asli sudah diperiksa."), "error")
        return redirect(url_for(".identity_desk"))
    flash(message, category)
    return redirect(url_for(".identity_desk"))
