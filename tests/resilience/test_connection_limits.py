"""Issue 13, item 7: the limits every database connection carries, read back from the database itself.

A web request's statements give up after 10 s and its lock waits after 5 s (gunicorn kills a worker at
30 s); a command (`flask --app suite ...`) has 10 minutes per statement; SQLite writers wait 10 s for
a lock, no longer the 30 s that equalled gunicorn's whole timeout."""

from __future__ import annotations

import os

import click
import pytest
from sqlalchemy import text

from suite import create_app
from suite.extensions import db

DATABASE_URL = os.environ.get("SUITE_DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith("postgresql")


@pytest.fixture(scope="module")
def fresh_app():
    """An app of its own: its connections are new, so they carry what this process would set now."""
    application = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": DATABASE_URL or "sqlite:///:memory:",
            "SECRET_KEY": "test-secret",
            "NIK_KEY": "test-nik-key",
            "TESTING": True,
        }
    )

    @application.cli.command("show-limits")
    def show_limits():
        click.echo(" ".join(_limits()))

    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _limits() -> list[str]:
    names = ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")
    return [db.session.execute(text(f"SHOW {name}")).scalar_one() for name in names]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's own timeouts: runs when SUITE_DATABASE_URL is PostgreSQL")
def test_a_web_connection_and_a_command_connection_carry_their_limits(fresh_app):
    with fresh_app.app_context():
        assert _limits() == ["10s", "5s", "1min"]
        db.session.remove()
        db.engine.dispose()  # the command below must open a connection of its own
    result = fresh_app.test_cli_runner().invoke(args=["show-limits"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["10min", "0", "10min"]


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite's busy timeout: runs on the SQLite pass")
def test_a_sqlite_writer_waits_ten_seconds_for_a_lock(fresh_app):
    with fresh_app.app_context():
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar_one() == 10000
