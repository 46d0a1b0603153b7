"""Transaction discipline shared by every write path.

SQLite: connections run in WAL mode and wait for locks instead of failing; a write transaction
starts with ``BEGIN IMMEDIATE`` so two writers queue up instead of both reading a row and one
overwriting the other. Reads keep a plain deferred ``BEGIN``.
PostgreSQL: writers lock the rows they change with ``SELECT ... FOR UPDATE``.
"""

from __future__ import annotations

import contextvars
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import click
from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.types import DateTime, TypeDecorator

from suite.extensions import db

_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)


@event.listens_for(Engine, "connect")
def _configure_connection(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        _configure_command_connection(dbapi_connection)
        return
    # Let SQLAlchemy's "begin" event decide how each transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # Below gunicorn's 30 s (issue 13, item 7): a writer that waits too long is answered 503, not killed.
    busy_ms = int(1000 * (current_app.config["DB_SQLITE_BUSY_TIMEOUT"] if has_app_context() else 10))
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _configure_command_connection(dbapi_connection) -> None:
    """A PostgreSQL connection opened by a command (``flask --app suite sla-sweep``, ``worker``...)
    gets the commands' longer statement timeout instead of the web's, which the connection string
    set (suite.operations.db_connections). A click context tells a command from a web request:
    requests never run inside one, not even under ``flask run``, whose requests have threads of
    their own."""
    if click.get_current_context(silent=True) is None or not has_app_context():
        return
    if getattr(dbapi_connection, "pgconn", None) is None:  # not psycopg 3
        return
    from suite.operations.db_connections import postgresql_server_settings

    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a SET outside any transaction, kept for the connection's life
    try:
        for name, value in postgresql_server_settings(current_app.config, command=True).items():
            dbapi_connection.execute(f"SET {name} = '{value}'")  # our own numbers, never input
    finally:
        dbapi_connection.autocommit = autocommit


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


def begin_write() -> None:
    """Open this request's write transaction.

    Any read-only transaction still open is ended first: on SQLite a deferred reader that
    later writes can fail with a stale snapshot, so the write must start fresh, immediate.
    Call before loading the rows a service will change; the transaction ends at commit or
    rollback.
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write() called with unflushed changes pending")
    if session.in_transaction():
        session.commit()
    token = _write_intent.set(True)
    try:
        session.connection()
    finally:
        _write_intent.reset(token)


@contextmanager
def write_transaction() -> Iterator[None]:
    """``begin_write()``, then commit when the block ends, or roll back and re-raise.

    Files written in the block through ``on_rollback`` are removed by the rollback."""
    begin_write()
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


_ROLLBACK_KEY = "suite_on_rollback"
logger = logging.getLogger(__name__)


def on_rollback(callback: Callable[[], None]) -> None:
    """Run ``callback`` unless the transaction open now is committed: when it (a savepoint
    included) rolls back, or when the session closes without committing. How a file written for
    a row that never commits is removed, whatever path ended the transaction."""
    session = db.session()
    innermost = session.get_nested_transaction() or session.get_transaction()
    if innermost is None:
        raise RuntimeError("on_rollback() called outside a transaction")
    chain: list[SessionTransaction] = []
    transaction: SessionTransaction | None = innermost
    while transaction is not None:
        chain.append(transaction)
        transaction = transaction.parent
    session.info.setdefault(_ROLLBACK_KEY, []).append((frozenset(chain), callback))


def _run_rollback_callbacks(session: Session, ended: SessionTransaction) -> None:
    pending = session.info.get(_ROLLBACK_KEY)
    if not pending:
        return
    due = [callback for owners, callback in pending if ended in owners]
    pending[:] = [(owners, callback) for owners, callback in pending if ended not in owners]
    for callback in due:
        # A callback that fails (a file that cannot be removed) must neither hide the error that
        # caused the rollback nor stop the other callbacks: log it and go on.
        try:
            callback()
        except Exception:
            logger.exception("clean-up after a rolled-back transaction failed")


@event.listens_for(Session, "after_commit")
def _keep_what_committed(session: Session) -> None:
    if not session.in_nested_transaction():  # the outermost transaction committed (not a savepoint)
        session.info.pop(_ROLLBACK_KEY, None)


@event.listens_for(Session, "after_soft_rollback")
def _undo_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    _run_rollback_callbacks(session, previous_transaction)


@event.listens_for(Session, "after_transaction_end")
def _undo_never_committed(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended and its callbacks are still here: it was rolled back or the
    # session was closed (a request's teardown) without a commit.
    if transaction.parent is None:
        _run_rollback_callbacks(session, transaction)


def lock_row(model, row_id):
    """Load one row for update: ``FOR UPDATE`` on PostgreSQL, the write lock on SQLite."""
    statement = select(model).where(model.id == row_id).with_for_update()
    return db.session.execute(statement.execution_options(populate_existing=True)).scalar_one_or_none()


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
