"""The invitee's side of a staff invitation (issue 12, item 3): open the one-time link, choose a
password, then enrol the second factor as at any staff sign-in.

The link's token is moved into the (signed, HTTP-only) session cookie at once and the browser is
sent to a token-free address, so the token is not in the form page's address, its history, or the
Referer of what the page loads (a redirect's target is fetched with the referrer of the first
request: none, from a mail client); the access log masks it (``suite.privacy.redaction``). A used,
expired, withdrawn or unknown link gets a page that says which, never an error.
"""

from __future__ import annotations

from flask import redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from suite.database import write_transaction
from suite.errors import Invalid
from suite.extensions import limiter
from suite.identity import invitations
from suite.identity.auth import login_rate_limit
from suite.identity.password_policy import password_hint, password_label
from suite.staff.security_views import after_password
from suite.staff.views import blueprint

SESSION_KEY = "staff_invitation"

STATE_MESSAGES = {
    invitations.USED: _l("Tautan undangan ini sudah dipakai. Silakan masuk dengan email dan kata sandi Anda."),
    invitations.EXPIRED: _l("Tautan undangan ini sudah kedaluwarsa. Minta admin mengirim undangan baru."),
    invitations.WITHDRAWN: _l(
        "Undangan ini sudah ditarik atau diganti undangan yang lebih baru. "
        "Periksa email terbaru Anda atau hubungi admin."
    ),
    invitations.UNKNOWN: _l("Tautan undangan ini tidak dikenal. Periksa kembali tautannya atau hubungi admin."),
}


class AcceptForm(FlaskForm):
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Wajib diisi.")), Length(max=1000)],
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[EqualTo("password", _l("Kedua kata sandi tidak sama."))],
        render_kw={"autocomplete": "new-password"},
    )


@blueprint.route("/undangan/<token>")
@limiter.limit(login_rate_limit)  # an office behind one address onboards several people at once
def invitation_link(token: str):
    state, _invitation = invitations.state_of(token)
    if state != invitations.VALID:
        session.pop(SESSION_KEY, None)
        return _link_refused(state)
    session[SESSION_KEY] = token
    return redirect(url_for(".invitation_accept"), 303)


@blueprint.route("/undangan", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def invitation_accept():
    token = session.get(SESSION_KEY)
    state, invitation = invitations.state_of(token if isinstance(token, str) else None)
    if state != invitations.VALID or invitation is None:
        return _link_refused(state)  # the session keeps the token: a reload says the same
    form = AcceptForm()
    form.password.label.text = password_label("staff")
    if form.validate_on_submit():
        try:
            with write_transaction():
                staff = invitations.accept(token, form.password.data)
        except Invalid as error:
            form.password.errors.append(error.errors.get("password", error.message))
        else:
            session.pop(SESSION_KEY, None)
            if staff is None:  # spent by another request a moment ago; nothing was written
                return _link_refused(invitations.USED)
            return after_password(staff)  # the second factor next, as at every staff sign-in
    page = render_template(
        "staff/invitation_accept.html", form=form, invitation=invitation, hint=password_hint("staff")
    )
    return page, (422 if form.is_submitted() else 200)


def _link_refused(state: str):
    message = STATE_MESSAGES.get(state, STATE_MESSAGES[invitations.UNKNOWN])
    status = 410 if state in (invitations.USED, invitations.EXPIRED, invitations.WITHDRAWN) else 404
    return render_template("staff/invitation_invalid.html", message=message), status
