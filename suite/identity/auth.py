"""Flask-Login wiring for two kinds of account, and the decorators views use."""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite.extensions import db, login_manager
from suite.identity.models import Citizen, Staff
from suite.identity.sessions import accepts as session_accepts
from suite.identity.sessions import init_sessions


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk terlebih dahulu.")
    login_manager.session_protection = "strong"
    init_sessions(app)  # a signed-in cookie counts only with a live server-side session record


@login_manager.user_loader
def load_user(user_id: str):
    # Also reached through a remember-me cookie: without the checked session record, nobody.
    if not session_accepts(user_id):
        return None
    kind, _, raw_id = user_id.partition(":")
    if not raw_id.isdigit():
        return None
    account: Citizen | Staff | None = None
    if kind == "citizen":
        account = db.session.get(Citizen, int(raw_id))
    elif kind == "staff":
        account = db.session.get(Staff, int(raw_id))
    # A deactivated staff account loses its open sessions at once, not at their timeout.
    return account if account is not None and account.is_active else None


def citizen_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            flash(_l("Silakan masuk terlebih dahulu."), "info")
            return redirect(url_for("accounts.login", next=request.path))
        if current_user.is_staff:
            flash(_l("Halaman ini untuk warga. Petugas membuka tiket lewat halaman petugas."), "warning")
            return redirect(url_for("staff.queue"))
        return view(*args, **kwargs)

    return wrapped


def staff_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("staff.login", next=request.path))
            if not current_user.is_staff:
                abort(403)
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def call_centre_required(view):
    """Staff with the call-centre duty (or admins): finding citizens by NIK or phone is theirs only."""

    @staff_required()
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.may_use_call_centre:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def staff_rate_key() -> str:
    """Rate-limit key of the signed-in staff account: limits follow the account, not the address."""
    return f"staff:{current_user.id}" if current_user.is_authenticated else f"ip:{request.remote_addr}"
