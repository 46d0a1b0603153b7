"""Reference data cached across requests, with one cheap check per request (issue 13).

Module states and service categories change rarely but were read on every create. Each app
process now keeps them between requests, tagged with the value of the one-row
``reference_versions`` table at the time they were read; every request reads that value once
(one small statement in place of the reads it saves) and drops what was cached under another.

The value is changed by database triggers on the watched tables (``watch``), in the writer's own
transaction, so every writer counts: the admin pages, the CLI, the seeds, a test fixture, raw SQL.
A closed module is therefore refused by every worker and host at its next request. The new value
is random, not a counter: a process may cache data it read inside a transaction that then rolls
back, and a counter would let another writer's commit reach the same number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import DDL, BigInteger, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from suite.extensions import Model, db

T = TypeVar("T")
_EXTENSION = "suite_reference_cache"
_VERSION_IN_REQUEST = "_suite_reference_version"
BUMP_FUNCTION = "suite_bump_reference_version"
# 63 random bits, so it fits a BIGINT on both databases.
SQLITE_NEW_VERSION = "(random() & 9223372036854775807)"
POSTGRESQL_NEW_VERSION = "(floor(random() * 9223372036854775807))::bigint"


class ReferenceVersion(Model):
    __tablename__ = "reference_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


event.listen(
    ReferenceVersion.__table__, "after_create", DDL("INSERT INTO reference_versions (id, version) VALUES (1, 0)")
)
_CURRENT = select(ReferenceVersion.version).where(ReferenceVersion.id == 1)


def _upsert(new_version: str) -> str:
    # An upsert, not an UPDATE: a deleted row (a test's clean-up) comes back at the next write.
    return (
        f"INSERT INTO reference_versions (id, version) VALUES (1, {new_version}) "
        "ON CONFLICT (id) DO UPDATE SET version = excluded.version"
    )


def sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_reference_{op.lower()} AFTER {op} ON {table} "
        f"BEGIN {_upsert(SQLITE_NEW_VERSION)}; END"
        for op in ("INSERT", "UPDATE", "DELETE")
    ]


def postgresql_triggers(table: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {BUMP_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {_upsert(POSTGRESQL_NEW_VERSION)}; RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS trg_{table}_reference ON {table}",
        f"CREATE TRIGGER trg_{table}_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {BUMP_FUNCTION}()",
    ]


_WATCHED: set[type] = set()


@event.listens_for(Session, "after_flush")
def _wrote_reference_data(session, _context) -> None:
    # The triggers moved the version in this transaction: a later read in this request must see it.
    if has_app_context() and any(type(row) in _WATCHED for row in (*session.new, *session.dirty, *session.deleted)):
        forget()


def watch(model: type[Model]) -> None:
    """Create the triggers with the model's table (``create_all``; the migration ``i13ref01`` for
    databases made before)."""
    name = model.__tablename__
    _WATCHED.add(model)
    for statement in sqlite_triggers(name):
        event.listen(model.__table__, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in postgresql_triggers(name):
        event.listen(model.__table__, "after_create", DDL(statement).execute_if(dialect="postgresql"))


def current() -> int | None:
    """The version this request works with, read once per request (before any data it tags)."""
    if not hasattr(g, _VERSION_IN_REQUEST):
        setattr(g, _VERSION_IN_REQUEST, db.session.execute(_CURRENT).scalar())
    return getattr(g, _VERSION_IN_REQUEST)


def forget() -> None:
    """After this request wrote reference data: read the version again (it sees its own write).
    Called after every ORM flush that touched a watched model; raw SQL writers call it themselves."""
    if hasattr(g, _VERSION_IN_REQUEST):
        delattr(g, _VERSION_IN_REQUEST)


def shared(name: str, load: Callable[[], T]) -> T:
    """``load()``, kept across this process's requests while the version stands. Outside a request
    (the CLI, workers, jobs) it is loaded each time; their callers keep their own short caches."""
    if not has_request_context():
        return load()
    version = current()
    if version is None:  # no row: a database the migration has not reached; cache nothing
        return load()
    store = current_app.extensions.setdefault(_EXTENSION, {})
    if store.get("version") != version:
        store.clear()
        store["version"] = version
    if name not in store:
        store[name] = load()
    return store[name]
