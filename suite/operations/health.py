"""``/healthz`` and ``/readyz``: what a load balancer, compose or a monitor asks of a web process.

- ``/healthz``: the process answers (liveness); it touches nothing else, so a database outage never
  makes an orchestrator restart healthy web processes.
- ``/readyz``: the process can serve, i.e. the database answers ``SELECT 1`` (readiness); 503 if not.

Both answer one word in plain text and say nothing else: no version, no host name, no error text.
Both are exempt from the HTTPS redirect, so a health check over the private network (plain HTTP to
gunicorn, bypassing nginx) sees the real answer rather than a redirect.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from suite.extensions import db

logger = logging.getLogger(__name__)
blueprint = Blueprint("operations", __name__)


def _plain(word: str, status: int) -> Response:
    return Response(f"{word}\n", status=status, mimetype="text/plain")


@blueprint.get("/healthz")
def liveness() -> Response:
    return _plain("ok", 200)


def database_answers() -> None:
    """Ask the database ``SELECT 1``; raises ``SQLAlchemyError`` when it does not answer."""
    with db.engine.connect() as connection:  # its own connection: nothing to end in the request's session
        connection.execute(text("SELECT 1"))


@blueprint.get("/readyz")
def readiness() -> Response:
    try:
        database_answers()
    except SQLAlchemyError as error:
        logger.warning("readiness: the database does not answer (%s)", type(error).__name__)
        return _plain("unavailable", 503)
    return _plain("ok", 200)


# Flask-Talisman reads per-view options from this attribute (its own decorator sets it).
for _view in (liveness, readiness):
    _view.talisman_view_options = {"force_https": False}  # type: ignore[attr-defined]
