"""Rate limits on the intake surfaces, and the refusal each channel answers in its own shape.

Every limit reads its value from the app's settings when a request comes (tests raise them,
deployments tune them with ``SUITE_*_RATE_LIMIT``). Keys: the client's address (behind a
proxy only correct with ``SUITE_PROXY_HOPS``), the signed-in citizen, or a hash of the API key
(never the key itself: counters may live in a shared Redis).

Forms (registration, the intake) answer a breach by showing the form again with what was
typed and a message; the JSON API and Open311 answer through their blueprints' own error
handlers; webhooks answer JSON.
"""

from __future__ import annotations

import hashlib

from flask import Flask, current_app, flash, jsonify, render_template, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user

from suite.extensions import limiter


def _setting(name: str):
    return lambda: current_app.config[name]


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().encode()).hexdigest()[:32]


# --- Keys ---------------------------------------------------------------------------------


def client_address() -> str:
    """The client's address as ProxyFix leaves it (the proxy's own without SUITE_PROXY_HOPS)."""
    return get_remote_address() or "unknown"


def web_citizen_key() -> str:
    return f"citizen:{current_user.id}"


def api_citizen_key() -> str:
    """The citizen behind the bearer token, so a citizen shares one count across the web and
    the API and across all their tokens; '' (exempt) when there is no valid token."""
    from suite.channels.credentials import citizen_for_token

    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return ""
    citizen = citizen_for_token(header[7:])
    return f"citizen:{citizen.id}" if citizen is not None else ""


def api_key_key() -> str:
    return f"apikey:{_digest(request.headers.get('X-API-Key', ''))}"


def open311_key_key() -> str:
    return f"apikey:{_digest(request.values.get('api_key') or '')}"


def _no_web_citizen() -> bool:
    return not current_user.is_authenticated or current_user.is_staff


def _no_bearer_token() -> bool:
    return not api_citizen_key()


def _no_api_key() -> bool:
    return not request.headers.get("X-API-Key", "").strip()


# --- What counts ----------------------------------------------------------------------------


def _ticket_made(response) -> bool:
    # API: 201 (a replay is 200). Web: the redirect to the ticket or the kiosk's receipt; forms
    # with errors (422), duplicate warnings (200) and a module's refusal do not count.
    if response.status_code == 201:
        return True
    location = response.headers.get("Location", "") if response.status_code in (302, 303) else ""
    return "/laporan-saya/" in location or "/tanda-terima/" in location


def _refused(response) -> bool:
    return response.status_code in (401, 403)


# --- Refusals in each channel's shape --------------------------------------------------------


def _registration_refused(_limit):
    from suite.identity.forms import RegistrationForm

    flash(
        _(
            "Terlalu banyak pendaftaran dari alamat internet ini dalam waktu singkat. Pendaftaran Anda belum "
            "terkirim; isian Anda masih ada di bawah. Tunggu beberapa menit, isi ulang kata sandi, lalu kirim "
            "lagi."
        ),
        "error",
    )
    return current_app.make_response((render_template("accounts/register.html", form=RegistrationForm()), 429))


def _intake_refused(_limit):
    from suite.registry import enabled_modules

    module = next((m for m in enabled_modules().values() if f"module_{m.code}" == request.blueprint), None)
    if module is None:
        return None
    flash(
        _(
            "Anda sudah mengirim banyak laporan dalam waktu singkat. Laporan ini belum terkirim; isian Anda masih "
            "ada di bawah. Coba lagi nanti (pilih ulang foto bila ada)."
        )
        + " "
        + _("Bila ini keadaan darurat, jangan menunggu: telepon 119 atau 112 sekarang."),
        "error",
    )
    form = (module.intake_form or _intake_form())(module=module)
    page = render_template(module.intake_template, module=module, form=form, duplicates=[])
    return current_app.make_response((page, 429))


def _intake_form():
    from suite.portal.forms import IntakeForm

    return IntakeForm


def _webhook_refused(_limit):
    return current_app.make_response(
        (jsonify(error="too many refused requests from this address; try again later"), 429)
    )


# --- The limits -------------------------------------------------------------------------------

limit_registration = limiter.limit(
    _setting("REGISTRATION_RATE_LIMIT"), key_func=client_address, methods=["POST"], on_breach=_registration_refused
)

# One count per citizen over every module's form, the kiosk and the API (shared scope).
limit_web_tickets = limiter.shared_limit(
    _setting("TICKET_RATE_LIMIT_CITIZEN"),
    scope="ticket-create-citizen",
    key_func=web_citizen_key,
    methods=["POST"],
    exempt_when=_no_web_citizen,
    deduct_when=_ticket_made,
    on_breach=_intake_refused,
)
limit_api_citizen_tickets = limiter.shared_limit(
    _setting("TICKET_RATE_LIMIT_CITIZEN"),
    scope="ticket-create-citizen",
    key_func=api_citizen_key,
    methods=["POST"],
    exempt_when=_no_bearer_token,
    deduct_when=_ticket_made,
    error_message="Terlalu banyak tiket dari akun ini dalam waktu singkat; coba lagi nanti.",
)
limit_api_key_tickets = limiter.limit(
    _setting("TICKET_RATE_LIMIT_API_KEY"),
    scope="ticket-create-key",
    key_func=api_key_key,
    methods=["POST"],
    exempt_when=_no_api_key,
    deduct_when=_ticket_made,
    error_message="Terlalu banyak tiket dengan kunci API ini dalam waktu singkat; coba lagi nanti.",
)

# Open311: per key (a partner's volume) and per address (someone trying many keys).
limit_open311_key = limiter.limit(
    _setting("OPEN311_RATE_LIMIT_API_KEY"),
    scope="open311-post-key",
    key_func=open311_key_key,
    methods=["POST"],
    error_message="Too many requests for this api_key; try again later.",
)
limit_open311_address = limiter.limit(
    _setting("OPEN311_RATE_LIMIT_ADDRESS"),
    scope="open311-post-address",
    key_func=client_address,
    methods=["POST"],
    error_message="Too many requests from this address; try again later.",
)

# Issue 11: the nearby reports asked for by the intake map. Each answer says whether a report lies
# within the radius of a point; unbounded, many answers would narrow a public report down to its exact
# (unpublished) point. A person moving a pin asks a few times a minute at most.
limit_nearby = limiter.limit(
    _setting("NEARBY_RATE_LIMIT"),
    scope="nearby-reports",
    key_func=web_citizen_key,
    exempt_when=_no_web_citizen,
    error_message="Terlalu banyak permintaan; coba lagi nanti.",
)

# Webhooks: only refusals count; once over, the address is refused before the signature is checked.
limit_webhook_refusals = limiter.shared_limit(
    _setting("WEBHOOK_REFUSAL_LIMIT"),
    scope="webhook-refusals",
    key_func=client_address,
    deduct_when=_refused,
    on_breach=_webhook_refused,
)


def register_rate_limit_responses(app: Flask) -> None:
    """A limit that prepared its own answer (a form shown again, webhook JSON) gives it; a
    blueprint with its own error handler (the JSON API, Open311) answers in its own shape;
    the rest get the ordinary 429 page.

    Needed because Flask asks the app's handler for a status code (the portal's 429 page)
    before a blueprint's handler for every HTTP error."""

    @app.errorhandler(RateLimitExceeded)
    def _refusal_in_the_channels_shape(error: RateLimitExceeded):
        if error.response is not None:
            return error.response
        handler = _blueprint_handler(app, error)
        if handler is not None:
            # flask-smorest reads its message from .data, which werkzeug's exception does not declare.
            error.data = {"message": error.description}  # type: ignore[attr-defined]
            return handler(error)
        return app.handle_http_exception(_plain_429(error))


def _blueprint_handler(app: Flask, error: Exception):
    for name in request.blueprints:
        handlers = app.error_handler_spec.get(name, {}).get(None, {})
        for cls in type(error).__mro__:
            if cls in handlers:
                return handlers[cls]
    return None


def _plain_429(error: RateLimitExceeded):
    from werkzeug.exceptions import TooManyRequests

    return TooManyRequests(description=error.description)
