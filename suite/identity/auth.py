"""Flask-Login wiring for two kinds of account, and the decorators views use."""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite.extensions import db, login_manager
from suite.identity.models import Citizen, Staff


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk terlebih dahulu.")
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str):
    kind, _, raw_id = user_id.partition(":")
    if not raw_id.isdigit():
        return None
    model = {"citizen": Citizen, "staff": Staff}.get(kind)
    return db.session.get(model, int(raw_id)) if model else None


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
