"""How the suite connects to its database, so that a database or network fault ends a request in seconds.

Without bounds, a silently dropped network holds a gunicorn worker until gunicorn kills it (30 s)
and the citizen gets a bare 502 from the proxy; with them the request fails within a few seconds,
the edge answers 503 with Retry-After (suite.operations.outage) and the worker serves the next one.
The values come from the settings (suite/config.py says why each default); this module only turns
them into SQLAlchemy engine options. docs/resilience.md describes the behaviour as a whole.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url


def engine_options(settings: dict) -> dict:
    """``SQLALCHEMY_ENGINE_OPTIONS`` for the configured database URL."""
    # Every pooled connection is tested before use: after an outage the first request gets a
    # fresh connection instead of a dead one (SQLAlchemy invalidates the rest of the pool too).
    options: dict = {"pool_pre_ping": True}
    url = make_url(settings["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        return options  # SQLite's busy timeout is set per connection (suite.database)
    options["pool_timeout"] = settings["DB_POOL_TIMEOUT"]
    if url.get_driver_name() != "psycopg":
        return options  # the parameters below are libpq's, as psycopg 3 passes them
    server = postgresql_server_settings(settings, command=False)
    given = url.query.get("options")
    options["connect_args"] = {
        "connect_timeout": max(2, int(settings["DB_CONNECT_TIMEOUT"])),  # libpq treats 1 as 2
        "options": " ".join(([given] if isinstance(given, str) else []) + [f"-c {k}={v}" for k, v in server.items()]),
        # A peer that vanished without closing (a dropped network, a host powered off): TCP
        # keepalives find an idle connection dead within idle + interval * count seconds, and
        # tcp_user_timeout ends one whose sent data stays unacknowledged, so no read waits forever.
        "keepalives": 1,
        "keepalives_idle": settings["DB_KEEPALIVE_IDLE"],
        "keepalives_interval": settings["DB_KEEPALIVE_INTERVAL"],
        "keepalives_count": settings["DB_KEEPALIVE_COUNT"],
        "tcp_user_timeout": int(settings["DB_TCP_USER_TIMEOUT"] * 1000),
        "application_name": "suite",
    }
    return options


def postgresql_server_settings(settings: dict, *, command: bool) -> dict[str, str]:
    """The server-side limits of one connection: the web's, or a command's (``flask --app suite ...``)."""
    statement = settings["DB_COMMAND_STATEMENT_TIMEOUT" if command else "DB_STATEMENT_TIMEOUT"]
    idle = settings["DB_COMMAND_IDLE_IN_TRANSACTION_TIMEOUT" if command else "DB_IDLE_IN_TRANSACTION_TIMEOUT"]
    return {
        "statement_timeout": _ms(statement),
        # A command's lock waits count against its statement timeout (PostgreSQL's rule), so only the
        # web's short lock limit is set: a request waiting on a row a long sweep holds gives up early.
        "lock_timeout": _ms(0 if command else settings["DB_LOCK_TIMEOUT"]),
        "idle_in_transaction_session_timeout": _ms(idle),
    }


def _ms(seconds: float) -> str:
    return f"{int(seconds * 1000)}ms"  # 0 switches the limit off, as in PostgreSQL
