"""``flask --app suite check-deploy``: is this a production configuration that will hold?

One line per check, ``OK``, ``WARN`` or ``FAIL`` and the reason; the command exits 1 when any check
fails, so a deployment script or a monitor can run it after every change. It never prints a secret, a
URL's password or personal data: only names of settings, counts and ages.

Settings the application cannot start with at all (a missing or weak secret under ``SUITE_ENV=
production``, a broken regency pack) stop ``flask`` itself before this command runs, with the reason
on the last line and exit status 1: that is a failed check too.

Decisions (docs/deploy.md says the same):
- Redis is required in production: the web runs several gunicorn workers (gunicorn.conf.py), and
  without a shared store each counts rate limits alone (N workers allow N times each limit).
- PostgreSQL is expected; SQLite is a warning, not a failure: it serves one host (several workers
  on it share the file), never several hosts.
- The worker must have beaten within two minutes (it beats every round, every few seconds when
  idle), the sweep within two minutes (it runs every minute), the jobs within two hours (hourly).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from suite import database
from suite.config import DEV_SECRETS_FILE
from suite.extensions import db
from suite.identity import keys
from suite.operations.health import database_answers

OK, WARN, FAIL = "OK", "WARN", "FAIL"


@dataclass(frozen=True)
class Process:
    max_age: timedelta  # how old its last beat may be: see the module docstring
    command: str  # how to start it, after "flask --app suite "


HEARTBEATS = {
    "worker": Process(timedelta(minutes=2), "worker"),
    "sla-sweep": Process(timedelta(minutes=2), "sla-sweep (every minute)"),
    "jobs": Process(timedelta(hours=2), "jobs (hourly)"),
}
TIMEOUT_SECONDS = 3


@dataclass(frozen=True)
class Result:
    name: str
    state: str  # OK, WARN or FAIL
    reason: str

    def line(self) -> str:
        return f"{self.state:<4} {self.name}: {self.reason}"


def _result(name: str, problems: list[str], fine: str) -> Result:
    return Result(name, FAIL, "; ".join(problems)) if problems else Result(name, OK, fine)


# -- configuration ---------------------------------------------------------------------------


def check_environment(config) -> Result:
    if config.get("ENV_NAME") != "production":
        return Result("environment", FAIL, f"SUITE_ENV is {config.get('ENV_NAME')!r}, not 'production'")
    return Result("environment", OK, "SUITE_ENV=production")


def _dev_secrets(instance_path: str) -> set[str]:
    """The secrets development generated on this machine (``instance/dev-secrets.json``)."""
    path = Path(instance_path) / DEV_SECRETS_FILE
    try:
        return {str(value) for value in json.loads(path.read_text()).values()}
    except (OSError, ValueError, AttributeError):
        return set()


def check_secrets(config, instance_path: str) -> Result:
    generated = _dev_secrets(instance_path)
    problems = []
    for name, value in keys.named_secrets(config).items():
        if not value:
            problems.append(f"{name} is not set")
        elif str(value) in generated:
            problems.append(f"{name} is the development secret generated in instance/{DEV_SECRETS_FILE}")
        elif keys.is_weak(str(value)):
            problems.append(f"{name} is weaker than {keys.MIN_SECRET_BYTES} random bytes")
    if config.get("SECRET_KEY") and config.get("SECRET_KEY") == config.get("NIK_KEY"):
        problems.append("SUITE_SECRET_KEY and SUITE_NIK_KEY are the same value; use two secrets")
    if not keys.VERSION_PATTERN.match(str(config.get("NIK_KEY_VERSION") or "")):
        problems.append("SUITE_NIK_KEY_VERSION is not of the form v1, v2, ...")
    strength = f"{keys.MIN_SECRET_BYTES}+ random bytes"
    return _result("secrets", problems, f"SUITE_SECRET_KEY and SUITE_NIK_KEY set, {strength}")


def check_https(config) -> Result:
    problems = []
    public = urlsplit(config.get("PUBLIC_URL") or "")
    if not config.get("PUBLIC_URL"):
        problems.append("SUITE_PUBLIC_URL is not set (links in messages and the trusted host name need it)")
    elif public.scheme != "https" or not public.hostname:
        problems.append("SUITE_PUBLIC_URL must be an https:// address")
    if config.get("FORCE_HTTPS") is False:
        problems.append("HTTPS is not enforced (SUITE_FORCE_HTTPS=0, or SUITE_ENV is not production)")
    if not (config.get("SESSION_COOKIE_SECURE") or config.get("FORCE_HTTPS")):
        problems.append("session cookies are not marked Secure")
    return _result("https", problems, f"{public.scheme}://{public.hostname}, Secure cookies, HTTPS enforced")


def check_proxy(config) -> Result:
    hops = int(config.get("PROXY_HOPS") or 0)
    if hops < 1:
        return Result(
            "proxy",
            WARN,
            "SUITE_PROXY_HOPS=0: behind nginx every client would share nginx's address (rate limits, audit); "
            "set 1 for the shipped nginx, or keep 0 only if clients reach gunicorn directly",
        )
    return Result("proxy", OK, f"SUITE_PROXY_HOPS={hops}")


def check_protections(config) -> Result:
    """Protections a test or an emergency may switch off, and production must not keep off."""
    if not config.get("RATELIMIT_ENABLED", True):
        return Result("protections", FAIL, "SUITE_RATELIMIT_ENABLED=0 switches every rate limit off")
    if config.get("STAFF_TOTP") != "all":
        return Result(
            "protections",
            WARN,
            f"SUITE_STAFF_TOTP={config.get('STAFF_TOTP')}: only some staff need a second factor (SECURITY.md: all)",
        )
    return Result("protections", OK, "rate limits on, a second factor for every staff account")


# -- services --------------------------------------------------------------------------------


def check_database() -> Result:
    try:
        database_answers()
    except SQLAlchemyError as error:
        return Result("database", FAIL, f"unreachable ({type(error).__name__})")
    backend = db.engine.dialect.name
    if backend == "sqlite":
        return Result("database", WARN, "SQLite answers: fine for one host, never for several (use PostgreSQL)")
    return Result("database", OK, f"{backend} answers")


def check_migrations() -> Result:
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    alembic_config = Config()
    alembic_config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    heads = set(ScriptDirectory.from_config(alembic_config).get_heads())
    quiet = logging.getLogger("alembic.runtime.migration")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # its INFO lines ("Context impl ...") are not check results
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        return Result("migrations", FAIL, f"cannot read the database's revision ({type(error).__name__})")
    finally:
        quiet.setLevel(level)
    if current != heads:
        found = ", ".join(sorted(current)) or "none"
        return Result(
            "migrations",
            FAIL,
            f"database at {found}, code at {', '.join(sorted(heads))}: run flask --app suite db upgrade, then seed",
        )
    return Result("migrations", OK, f"database at head {', '.join(sorted(heads))}")


def check_redis(config) -> Result:
    from suite.security.storage import storage_uri

    uri = storage_uri(config)
    if uri.startswith("memory://"):
        state = FAIL if config.get("ENV_NAME") == "production" else WARN
        return Result(
            "redis",
            state,
            "SUITE_REDIS_URL is not set: each web worker counts rate limits alone (required in production)",
        )
    if _storage_answers(uri):
        return Result("redis", OK, f"rate-limit storage at {_without_secrets(uri)} answers")
    return Result("redis", FAIL, f"rate-limit storage at {_without_secrets(uri)} does not answer")


def _storage_answers(uri: str) -> bool:
    try:
        if uri.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(uri, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS)
            try:
                return bool(client.ping())
            finally:
                client.close()
        from limits.storage import storage_from_string

        return bool(storage_from_string(uri).check())
    except Exception:  # noqa: BLE001  (any failure to connect is the answer "no")
        return False


def _without_secrets(uri: str) -> str:
    """``scheme://host:port``: a Redis URL may carry a password, and the path its database number."""
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"


def check_heartbeats() -> list[Result]:
    """One result per background process; read last, so a failed read leaves no other check behind."""
    from suite.operations.heartbeats import latest

    try:
        rows = {name: latest(name) for name in HEARTBEATS}
    except SQLAlchemyError as error:
        reason = f"cannot read heartbeats ({type(error).__name__})"
        return [Result(f"{name} heartbeat", FAIL, reason) for name in HEARTBEATS]
    return [_heartbeat(name, row) for name, row in rows.items()]


def _heartbeat(name: str, row) -> Result:
    label = f"{name} heartbeat"
    limit = HEARTBEATS[name].max_age
    if row is None:
        return Result(label, FAIL, f"never ran: start flask --app suite {HEARTBEATS[name].command}")
    age = database.utcnow() - row.beat_at
    if age > limit:
        return Result(label, FAIL, f"last beat {_age(age)} ago on {row.host} (limit {_age(limit)}): is it running?")
    if row.error:
        since = f"last success {_age(database.utcnow() - row.ok_at)} ago" if row.ok_at else "never succeeded"
        return Result(label, FAIL, f"alive on {row.host} but its last round failed ({since}): {_one_line(row.error)}")
    return Result(label, OK, f"last beat {_age(age)} ago on {row.host}")


def _age(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def _one_line(error: str) -> str:
    from suite.privacy.redaction import redact_nik

    return redact_nik(" ".join(error.split()))[:160]


def run_checks() -> list[Result]:
    config = current_app.config
    results = [
        check_environment(config),
        check_secrets(config, current_app.instance_path),
        check_https(config),
        check_proxy(config),
        check_protections(config),
        check_database(),
    ]
    reachable = results[-1].state != FAIL  # the checks below but Redis read the database
    unreachable = "the database is unreachable"
    results.append(check_migrations() if reachable else Result("migrations", FAIL, unreachable))
    results.append(check_redis(config))
    if reachable:
        results += check_heartbeats()
    else:
        results += [Result(f"{name} heartbeat", FAIL, unreachable) for name in HEARTBEATS]
    return results


@click.command("check-deploy")
@with_appcontext
def check_deploy_command() -> None:
    """Verify a production configuration: secrets, HTTPS, database, migrations, Redis, background processes."""
    results = run_checks()
    for result in results:
        click.echo(result.line())
    failed = [result.name for result in results if result.state == FAIL]
    if failed:
        click.echo(f"check-deploy: {len(failed)} check(s) failed: {', '.join(failed)}")
        raise SystemExit(1)
    click.echo("check-deploy: all checks passed")
