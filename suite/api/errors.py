"""How the JSON API answers a refused operation: one status per kind of error, one body shape."""

from __future__ import annotations

from flask import current_app
from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from suite.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, Unavailable

# Invalid input is 422 here, as flask-smorest answers a body that fails its schema.
_STATUS = ((Invalid, 422), (NotFound, 404), (Forbidden, 403), (Conflict, 409), (Unavailable, 503))


def status_for(error: DomainError) -> int:
    return next((status for kind, status in _STATUS if isinstance(error, kind)), 422)


def json_error(error: HTTPException):
    """flask-smorest's JSON error body for ``error`` (the OpenAPI document's Error schema), with
    the headers the exception carries (a 405's Allow, a 429's Retry-After)."""
    body, status, headers = current_app.extensions["suite_api"].handle_http_exception(error)
    carried = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return body, status, {**carried, **(headers or {})}  # webargs passes headers=None


def abort_with(error: DomainError):
    """Abort the request with ``error`` as the API's error body."""
    errors: dict = {"json": {name: [str(text)] for name, text in error.errors.items()}}
    reason = getattr(error, "reason", None)
    if reason:  # a machine-readable cause a client can act on (service_closed)
        errors["reason"] = reason
    abort(status_for(error), message=str(error.message), errors=errors)
