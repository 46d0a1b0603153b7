"""The shipped deployment files agree with the code (issue 13, item 5).

Docker, systemd and nginx do not run in CI, so this reads the files: every command they start is a
command of this suite, every unit reads /etc/suite/suite.env and is hardened, nginx's body limit is the
app's, the proxy headers match SUITE_PROXY_HOPS, and gunicorn's access log cannot print a query string.
(``nginx -t`` and ``systemd-analyze verify`` passed on the files when they were written: docs/deploy.md.)
"""

from __future__ import annotations

import re
import shlex
from configparser import ConfigParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SUITE_SERVICES = {"migrate", "web", "worker", "sweep", "jobs", "connectors", "daily"}


def flask_commands(text: str) -> list[list[str]]:
    """Every ``flask --app suite ...`` in ``text``, as its words after the app name."""
    found = []
    for match in re.finditer(r"flask --app suite ([a-z][a-z-]*(?: [a-z-]+)?)", text):
        found.append(match.group(1).split())
    return found


def assert_is_a_command(app, words: list[str]) -> None:
    """``flask --app suite <words>`` names a command of the app (or Flask-Migrate's ``db`` group)."""
    from flask_migrate.cli import db as migrate_group

    if words[0] == "db":
        assert migrate_group.get_command(None, words[1]) is not None, words
        return
    assert app.cli.get_command(None, words[0]) is not None, f"flask --app suite {words[0]}: no such command"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_the_whole_set_with_the_suites_own_commands(app, compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "nginx", *SUITE_SERVICES}
    for name in SUITE_SERVICES:
        command = " ".join(services[name]["command"])
        assert services[name]["build"] == "." and services[name]["env_file"] == ["suite.env"]
        assert services[name]["volumes"] == ["suite-data:/var/lib/suite"]  # uploads and backups shared
        for words in flask_commands(command):
            assert_is_a_command(app, words)
    assert flask_commands(services["migrate"]["command"][-1]) == [["db", "upgrade"], ["seed"]]
    assert flask_commands(services["sweep"]["command"][-1]) == [["sla-sweep"]]
    assert flask_commands(services["jobs"]["command"][-1]) == [["jobs"]]
    assert flask_commands(services["daily"]["command"][-1]) == [["purge"], ["audit", "verify"], ["backup"]]
    assert services["worker"]["command"] == ["flask", "--app", "suite", "worker"]
    assert services["web"]["command"] == ["gunicorn", "-c", "gunicorn.conf.py", "suite:create_app()"]
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    environment = services["web"]["environment"]
    assert (
        environment["SUITE_DATABASE_URL"].startswith("postgresql+psycopg://")
        and "@postgres:5432/" in (environment["SUITE_DATABASE_URL"])
    )
    assert environment["SUITE_REDIS_URL"] == "redis://redis:6379/0" and environment["SUITE_PROXY_HOPS"] == "1"
    mounted = {volume.split(":")[1] for volume in services["nginx"]["volumes"]}
    assert "/srv/suite/suite/static" in mounted and "/etc/nginx/snippets/suite-upstream.conf" in mounted
    assert "postgresql-client-15" in (ROOT / "Dockerfile").read_text()  # pg_dump of the server's version
    assert services["postgres"]["image"].startswith("postgres:15")


def units() -> dict[str, ConfigParser]:
    parsed = {}
    for path in sorted((DEPLOY / "systemd").iterdir()):
        parser = ConfigParser(interpolation=None, strict=True)
        parser.optionxform = str  # systemd keys are case-sensitive
        parser.read_string(path.read_text())
        parsed[path.name] = parser
    return parsed


def test_systemd_units_run_each_process_from_the_environment_file_hardened(app):
    found = units()
    assert {"suite-web.service", "suite-worker.service", "suite-sweep.service", "suite-sweep.timer"} <= set(found)
    assert {"suite-jobs.service", "suite-jobs.timer"} <= set(found)
    for name, unit in found.items():
        if not name.endswith(".service"):
            continue
        service = unit["Service"]
        assert service["EnvironmentFile"] == "/etc/suite/suite.env", name
        assert service["User"] == "suite" and service["NoNewPrivileges"] == "yes", name
        assert service["ProtectSystem"] == "strict" and service["ReadWritePaths"] == "/var/lib/suite", name
        command = shlex.split(service["ExecStart"])
        if name == "suite-web.service":
            assert command[:3] == ["/srv/suite/.venv/bin/gunicorn", "-c", "/srv/suite/gunicorn.conf.py"]
            assert command[3] == "suite:create_app()"
        else:
            assert command[:3] == ["/srv/suite/.venv/bin/flask", "--app", "suite"], name
            assert_is_a_command(app, command[3:])
    assert shlex.split(found["suite-sweep.service"]["Service"]["ExecStart"])[3] == "sla-sweep"
    assert found["suite-sweep.timer"]["Timer"]["OnCalendar"] == "*-*-* *:*:00"  # every minute
    assert shlex.split(found["suite-jobs.service"]["Service"]["ExecStart"])[3] == "jobs"
    assert found["suite-jobs.timer"]["Timer"]["OnCalendar"] == "hourly"


def test_nginx_takes_the_apps_body_limit_and_sends_what_proxy_hops_trusts(app):
    site = (DEPLOY / "nginx" / "suite.conf").read_text()
    proxy = (DEPLOY / "nginx" / "suite-proxy.conf").read_text()
    [megabytes] = re.findall(r"client_max_body_size (\d+)m;", site)
    assert int(megabytes) * 1024 * 1024 == 32 * 1024 * 1024 == _default_max_request_bytes()
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):  # what ProxyFix reads
        assert f"proxy_set_header {header} " in proxy
    assert "proxy_intercept_errors off;" in proxy  # the app's own 503 page passes through
    assert "SUITE_PROXY_HOPS=1" in (DEPLOY / "suite.env.example").read_text()
    assert "alias /srv/suite/suite/static/;" in site and "immutable" in site
    assert "$request " not in site and "$request_uri " not in site.split("log_format")[1].split(";")[0]


def _default_max_request_bytes() -> int:
    import os

    from suite.config import load_settings

    saved = os.environ.pop("SUITE_MAX_REQUEST_BYTES", None)
    try:
        return load_settings("/nonexistent-instance", {"SECRET_KEY": "x", "NIK_KEY": "y"})["MAX_CONTENT_LENGTH"]
    finally:
        if saved is not None:
            os.environ["SUITE_MAX_REQUEST_BYTES"] = saved


def test_gunicorn_settings_load_and_the_access_log_cannot_print_a_query_string(monkeypatch):
    from gunicorn.config import Config

    monkeypatch.setenv("SUITE_WEB_WORKERS", "3")
    monkeypatch.setenv("SUITE_WEB_TIMEOUT", "20")
    settings: dict = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), settings)
    config = Config()
    for name, value in settings.items():
        if name in config.settings:
            config.set(name, value)

    assert config.workers == 3 and config.timeout == 20  # the environment overrides
    assert config.max_requests > 0 and config.max_requests_jitter > 0 and config.graceful_timeout > 0
    assert "%(U)s" in config.access_log_format
    for atom in ("%(r)s", "%(q)s", "%(f)s", "{query_string}e", "{raw_uri}e"):
        assert atom not in config.access_log_format
    assert config.logger_class.__name__ == "AccessLogger"
