"""How every edge answers a request the database could not serve (suite.operations.outage): 503 with
``Retry-After``, never 500.

Pages get a translated page saying nothing was saved (a GET page reloads itself after Retry-After);
the JSON API and Open311 their own error bodies; the SMS and WhatsApp webhooks a 503, on which both
gateways send the same message again later (suite.channels.sms: "retry on 5xx and timeouts"; Meta
retries any non-200 delivery), and the message id makes that retry harmless. The session is rolled
back, the pool started afresh after a lost connection, and one line logged without personal data.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from sqlalchemy import exc

from suite.operations.outage import close_session, describe, is_outage, recover, suspect


def register_outage_handlers(app: Flask) -> None:
    """Answer an outage error raised anywhere in a request (hooks included) with a 503."""

    def handle(error: Exception):
        if not is_outage(error):
            raise error  # any other database error stays a bug: Flask answers 500 and logs it
        return outage_response(error)

    app.register_error_handler(exc.DBAPIError, handle)
    app.register_error_handler(exc.TimeoutError, handle)

    def keep_retry_after(response: Response) -> Response:
        # The rate limiter's hook rewrites Retry-After on limited routes (its own window, rounded
        # down); registered first, this hook runs last, so a 503 says exactly how long to wait.
        if "suite_outage_retry_after" in g:
            response.headers["Retry-After"] = str(g.suite_outage_retry_after)
        return response

    app.after_request_funcs.setdefault(None, []).insert(0, keep_retry_after)
    # Registered after Flask-SQLAlchemy's, so it runs before it: that one then finds nothing to roll back.
    app.teardown_appcontext(lambda _error: close_session())


def outage_response(error: BaseException) -> Response:
    recover(error)
    retry_after = int(current_app.config["DB_RETRY_AFTER_SECONDS"])
    # A suspect cause (a slow statement, a leaked connection) is logged as an error, so monitoring
    # that watches errors sees it; never with the traceback, whose text carries the statement's values.
    log = current_app.logger.error if suspect(error) else current_app.logger.warning
    log("database unavailable, answered 503: %s %s: %s", request.method, request.endpoint or "-", describe(error))
    response = _body(retry_after)
    response.status_code = 503
    response.headers["Retry-After"] = str(retry_after)
    g.suite_outage_retry_after = retry_after
    return response


def _body(retry_after: int) -> Response:
    from flask_babel import gettext as _

    from suite.channels.open311.formats import error_response

    path = request.path
    if path.startswith("/open311/"):
        return error_response(path, 503, f"Database unavailable; nothing was saved. Retry after {retry_after} s.")
    if path.startswith(("/api/", "/webhook/")) or request.is_json or _prefers_json():
        # The API's Error schema (code, status, message); gateways read only the status.
        return jsonify(
            code=503,
            status="Service Unavailable",
            message=f"Database unavailable; nothing was saved. Retry after {retry_after} s.",
        )
    page = render_template(
        "unavailable.html",
        title=_("Layanan sedang terganggu"),
        retry_after=retry_after,
        posted=request.method not in ("GET", "HEAD"),
    )
    return Response(page, mimetype="text/html")


def _prefers_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
