"""e-Kios: the suite on a public kiosk in a village office or market.

Kiosk mode is a flag in the session: pages show large targets, every page signs the citizen
out after three idle minutes (a meta refresh without JavaScript, a timer reset by typing with it), and a report ends
on a printable receipt that shows the tracking code and no personal data. The server enforces the same idle
timeout (``SESSION_KIOSK_IDLE_SECONDS``, suite/identity/sessions.py) whatever the browser does.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, session, url_for
from flask_login import current_user

from suite.channels.intake import ticket_by_code
from suite.identity.sessions import sign_out
from suite.registry import enabled_modules, get_module
from suite.ticketing import module_state

blueprint = Blueprint("kiosk", __name__, url_prefix="/kios")


@blueprint.route("/")
def start():
    if current_user.is_authenticated and not session.get("kiosk"):
        sign_out()  # a kiosk never inherits someone's session
    session["kiosk"] = True
    session.permanent = False
    modules = list(enabled_modules().values())
    closed = {m.code: module_state.closed_message(m) for m in modules if not module_state.is_open(m.code)}
    return render_template("kiosk/start.html", modules=modules, closed_messages=closed)


@blueprint.route("/tanda-terima/<code>")
def receipt(code: str):
    ticket = ticket_by_code(code)
    if (
        ticket is None
        or not current_user.is_authenticated
        or getattr(current_user, "is_staff", True)
        or ticket.citizen_id != current_user.id
    ):
        abort(404)
    return render_template("kiosk/receipt.html", ticket=ticket, module=get_module(ticket.module))


@blueprint.route("/selesai", methods=["GET", "POST"])
def finish():
    """Sign out and wipe the session, back to the kiosk's start page (also the idle timeout)."""
    sign_out()
    session["kiosk"] = True
    return redirect(url_for(".start"))


def kiosk_context():
    # The page's countdown matches the server's idle timeout, which ends the session regardless.
    return {"kiosk": bool(session.get("kiosk")), "kiosk_idle_seconds": current_app.config["SESSION_KIOSK_IDLE_SECONDS"]}
