"""One sign-in attempt from a web form, shared by the citizens' and the staff's sign-in pages: the
lock-out is consulted and the outcome counted in a write of its own, whatever happens next."""

from __future__ import annotations

from flask import make_response, render_template, request
from flask_babel import gettext as _

from suite.database import write_transaction
from suite.identity.lockout import SignInLocked


def attempt_sign_in(check, identifier: str, password: str, *, source: str, form, template: str):
    """``(account or None, None)``, or ``(None, response)`` with the 429 page while the account is locked."""
    try:
        # Committed whether the password was right or not: a failure is counted.
        with write_transaction():
            account = check(identifier, password, source=source, address=request.remote_addr)
    except SignInLocked as locked:
        form.password.errors.append(
            _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit.", minutes=locked.minutes)
        )
        response = make_response(render_template(template, form=form), 429)
        response.headers["Retry-After"] = str(locked.retry_after)
        return None, response
    return account, None
