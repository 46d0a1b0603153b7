"""The database is unreachable, read-only or too slow: which errors mean that, and how to recover.

Such an error is no bug of the request or the round, and the same work succeeds once the database is
back: the web answers 503 (suite.operations.outage_responses), the worker and the jobs wait and try
again (suite.operations.retrying). Log lines name the error's class and first line (``describe``),
never the SQL or its parameters, which may hold personal data. docs/resilience.md tells the whole.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc

# PostgreSQL error classes that say the database, not the request, is at fault: 08 connection
# exceptions, 53 insufficient resources (too many connections, disk full), 57 operator intervention
# (shutdown, "cannot connect now" while starting or in recovery, statement timeout), 58 system errors.
TRANSIENT_CLASSES = frozenset({"08", "53", "57", "58"})
TRANSIENT_STATES = frozenset(
    {
        "25006",  # read-only transaction: default_transaction_read_only, or a replica in recovery
        "25P03",  # idle-in-transaction timeout: the server ended a transaction left waiting
        "55P03",  # lock not available: lock_timeout expired
        "40P01",  # deadlock detected: the other transaction went on, this one may simply retry
    }
)
# SQLite's OperationalError also means "no such table" (a bug or a missed migration): only these are outages.
SQLITE_TRANSIENT = ("database is locked", "unable to open database", "disk i/o error", "readonly database")
# A connection that is gone, not merely refused a statement: the rest of the pool is probably gone too.
CONNECTION_LOST_CLASSES = frozenset({"08", "57"})


def is_outage(error: BaseException | None) -> bool:
    """Whether ``error`` (or what caused it) says the database cannot serve now: retry later."""
    for link in _chain(error):
        if isinstance(link, exc.TimeoutError):  # no connection free in the pool in time
            return True
        if isinstance(link, exc.DBAPIError) and _dbapi_outage(link):
            return True
    return False


def _dbapi_outage(error: exc.DBAPIError) -> bool:
    if error.connection_invalidated:
        return True
    original = error.orig
    if isinstance(original, sqlite3.Error):
        return any(text in str(original).lower() for text in SQLITE_TRANSIENT)
    state = sqlstate(error)
    if state:
        return state[:2] in TRANSIENT_CLASSES or state in TRANSIENT_STATES
    # No SQLSTATE: the driver failed before the server answered (refused, timed out, reset).
    return isinstance(error, (exc.OperationalError, exc.InterfaceError))


def _chain(error: BaseException | None):
    seen = 0
    while error is not None and seen < 5:
        yield error
        error, seen = error.__cause__ or error.__context__, seen + 1


def sqlstate(error: BaseException) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlstate", None)


def connection_lost(error: BaseException) -> bool:
    """The connection itself died (not a refused statement): the pool's other connections are suspect."""
    for link in _chain(error):
        if isinstance(link, exc.DBAPIError):
            state = sqlstate(link) or ""
            return link.connection_invalidated or state[:2] in CONNECTION_LOST_CLASSES or not state
    return False


def suspect(error: BaseException) -> bool:
    """An outage answer that may hide a bug of ours rather than the database's absence: a statement
    cancelled by the statement timeout (a slow query), no pooled connection free in time (a leak),
    or an interface error without SQLSTATE (a closed cursor). Still a 503, but logged as an error."""
    for link in _chain(error):
        if isinstance(link, exc.TimeoutError):
            return True
        if isinstance(link, exc.DBAPIError):
            state = sqlstate(link)
            return state == "57014" or (isinstance(link, exc.InterfaceError) and not state)
    return False


def describe(error: BaseException) -> str:
    """One line for the log: the driver's error class, its SQLSTATE and the first line of its message.

    Never ``str(error)`` of SQLAlchemy's wrapper, which appends the statement and its parameters."""
    for link in _chain(error):
        original = getattr(link, "orig", None)
        if original is not None:
            first = (str(original).strip().splitlines() or [""])[0][:160]
            return f"{type(original).__name__}[{sqlstate(link) or '-'}]: {first}"
    return type(error).__name__


def close_session() -> None:
    """End the session; a connection that died meanwhile is invalidated instead of failing the close.

    Flask-SQLAlchemy closes the session when a request ends, and the close rolls back on the
    connection: if the database went away after the view's last statement, that rollback fails and
    a response already made (a 201 for a committed ticket) would become a 500. Closed here first."""
    from suite.extensions import db

    try:
        db.session.close()
    except Exception as error:
        if not is_outage(error):
            raise
        _invalidate(error)


def _invalidate(error: BaseException) -> None:
    from suite.extensions import db

    try:
        db.session().invalidate()  # drop the connection without talking to it
    except Exception:  # noqa: BLE001, S110 (nothing more can be done with a dead connection)
        pass
    if connection_lost(error):
        db.engine.dispose(close=False)


def recover(error: BaseException) -> None:
    """End the failed transaction, and after a lost connection start a fresh pool (the old one's
    connections are closed as they come back), so the next request connects anew."""
    from suite.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection is dead: the rollback cannot reach it, nothing to undo
        _invalidate(error)
        return
    if connection_lost(error):
        db.engine.dispose(close=False)
