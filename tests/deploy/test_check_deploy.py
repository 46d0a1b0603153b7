"""``flask --app suite check-deploy`` (issue 13, item 6): one line per check, exit 1 on any failure."""

from __future__ import annotations

import json
import secrets

import pytest
from sqlalchemy import text

from suite import create_app
from suite.extensions import db
from suite.operations.heartbeats import beat

SECRET_KEY = secrets.token_urlsafe(32)
NIK_KEY = secrets.token_hex(32)


@pytest.fixture
def production(app, monkeypatch, redis_url):
    """The test app configured as a sound production deployment, every background process just beaten."""
    settings = {
        "ENV_NAME": "production",
        "SECRET_KEY": SECRET_KEY,
        "NIK_KEY": NIK_KEY,
        "PUBLIC_URL": "https://layanan.pamekasankab.go.id",
        "FORCE_HTTPS": True,
        "SESSION_COOKIE_SECURE": True,
        "PROXY_HOPS": 1,
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URL": "",
        "RATELIMIT_ENABLED": True,
        "STAFF_TOTP": "all",
    }
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    with app.app_context():
        for name in ("worker", "sla-sweep", "jobs"):
            beat(name)
    return app


def check(app):
    return app.test_cli_runner().invoke(args=["check-deploy"])


def failures(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("FAIL")]


def test_a_sound_production_configuration_passes(production):
    result = check(production)

    assert result.exit_code == 0, result.output
    assert "check-deploy: all checks passed" in result.output
    assert not failures(result)
    for name in (
        "environment",
        "secrets",
        "https",
        "protections",
        "database",
        "migrations",
        "redis",
        "worker heartbeat",
    ):
        assert f" {name}: " in result.output
    # Never a secret, not even the Redis URL's database number.
    assert SECRET_KEY not in result.output and NIK_KEY not in result.output and "6379/0" not in result.output


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"ENV_NAME": "development"}, "FAIL environment: SUITE_ENV is 'development'"),
        ({"SECRET_KEY": "test-secret"}, "SUITE_SECRET_KEY is weaker than 32 random bytes"),
        ({"NIK_KEY": "0" * 64}, "SUITE_NIK_KEY is weaker than 32 random bytes"),
        ({"NIK_KEY": SECRET_KEY}, "SUITE_SECRET_KEY and SUITE_NIK_KEY are the same value"),
        ({"NIK_KEY_VERSION": "2"}, "SUITE_NIK_KEY_VERSION is not of the form v1"),
        ({"PUBLIC_URL": ""}, "SUITE_PUBLIC_URL is not set"),
        ({"PUBLIC_URL": "http://layanan.pamekasankab.go.id"}, "SUITE_PUBLIC_URL must be an https:// address"),
        ({"FORCE_HTTPS": False, "SESSION_COOKIE_SECURE": False}, "session cookies are not marked Secure"),
        ({"RATELIMIT_ENABLED": False}, "FAIL protections: SUITE_RATELIMIT_ENABLED=0 switches every rate limit off"),
        ({"REDIS_URL": ""}, "FAIL redis: SUITE_REDIS_URL is not set"),
        ({"REDIS_URL": "redis://:hunter2-pw@127.0.0.1:1/0"}, "FAIL redis: rate-limit storage at redis://127.0.0.1:1 "),
    ],
)
def test_each_unsound_setting_fails_with_its_reason(production, monkeypatch, settings, expected):
    for name, value in settings.items():
        monkeypatch.setitem(production.config, name, value)

    result = check(production)

    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert len(failures(result)) == 1, result.output  # only the check concerned
    assert "hunter2" not in result.output and "test-secret" not in result.output


def test_a_secret_generated_for_development_fails(production, monkeypatch, tmp_path):
    (tmp_path / "dev-secrets.json").write_text(json.dumps({"SECRET_KEY": SECRET_KEY}))
    monkeypatch.setattr(production, "instance_path", str(tmp_path))

    result = check(production)

    assert result.exit_code == 1
    assert "SUITE_SECRET_KEY is the development secret generated in instance/dev-secrets.json" in result.output


def test_a_process_that_stopped_beating_fails(production, clock):
    clock.advance(minutes=3)  # the worker and the sweep are late; the hourly jobs are not

    result = check(production)

    assert result.exit_code == 1
    assert "FAIL worker heartbeat: last beat 3 min ago" in result.output
    assert "FAIL sla-sweep heartbeat: last beat 3 min ago" in result.output
    assert "OK   jobs heartbeat" in result.output


def test_a_process_whose_last_round_failed_fails(production):
    with production.app_context():
        beat("sla-sweep", error="OperationalError: the database is in recovery mode")

    result = check(production)

    assert result.exit_code == 1
    assert "OK   worker heartbeat" in result.output
    assert "FAIL sla-sweep heartbeat: alive on" in result.output
    assert "the database is in recovery mode" in result.output


def test_a_process_that_never_ran_fails(production):
    with production.app_context():
        db.session.execute(text("DELETE FROM process_heartbeats WHERE name = 'jobs'"))
        db.session.commit()

    result = check(production)

    assert result.exit_code == 1
    assert "FAIL jobs heartbeat: never ran: start flask --app suite jobs (hourly)" in result.output


def test_a_database_behind_the_code_fails(production):
    with production.app_context():
        [current] = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
        db.session.execute(text("UPDATE alembic_version SET version_num = 'i12sst01'"))
        db.session.commit()
    try:
        result = check(production)
    finally:
        with production.app_context():
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": current})
            db.session.commit()

    assert result.exit_code == 1
    assert "FAIL migrations: database at i12sst01" in result.output and "db upgrade" in result.output


def test_an_unreachable_database_fails_every_check_that_needs_it(production, tmp_path):
    unreachable = create_app(
        {
            **{name: production.config[name] for name in ("SECRET_KEY", "NIK_KEY", "PUBLIC_URL", "REDIS_URL")},
            "ENV_NAME": "production",
            "PROXY_HOPS": 1,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/no-such-folder/suite.db",
        }
    )

    result = check(unreachable)

    assert result.exit_code == 1
    assert "FAIL database: unreachable (OperationalError)" in result.output
    assert "FAIL migrations: the database is unreachable" in result.output
    assert "FAIL worker heartbeat: the database is unreachable" in result.output
    assert "OK   redis" in result.output
