"""One app per test run on the database named by SUITE_DATABASE_URL (SQLite by default),
schema built by the real migrations; each test leaves the tables as it found them."""

from __future__ import annotations

import os
import re
import tempfile

import pytest
from argon2 import PasswordHasher
from flask_migrate import upgrade
from sqlalchemy import text

from suite import create_app
from suite.extensions import db
from suite.identity import passwords, services
from suite.identity.seeding import seed_agencies, seed_modules
from suite.sla.seeding import seed_targets
from suite.standards.seeding import seed_standards
from suite.ticketing.categories import seed_categories
from tests.channels.sms.stand_in import SECRET, TOKEN, SmsGatewayStandIn
from tests.deploy.support import REDIS_URL, redis_answers
from tests.status_guard import status_changes_go_through_move  # noqa: F401 (autouse: issue 10, item 1)

# Speed, not behaviour: argon2id at its production cost takes ~0.3 s a hash or check on this machine and
# nearly every test signs someone up and in. Tests keep argon2id (the same code path and hash format) at
# its lowest cost; the no-such-account dummy hash is re-made alike so both sign-in paths still cost the same.
# The asserts make a renamed hasher or dummy hash fail here instead of silently costing the speed-up.
assert isinstance(passwords._hasher, PasswordHasher) and services.DUMMY_HASH == passwords.DUMMY_HASH
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords.DUMMY_HASH = services.DUMMY_HASH = passwords._hasher.hash("not-a-real-password")

KEEP_TABLES = {
    "agencies",
    "reference_versions",  # one row the triggers keep; cleared, no request would cache reference data
    "sla_targets",
    "alembic_version",
    "babhar_kspr_factors",
    "babhar_kspr_categories",
    "babhar_alarm_thresholds",
    "babhar_trimesters",
    "babhar_antenatal_contacts",
    "working_areas",
    "category_settings",
    "service_standards",  # issue 12, item 4: seeded from the modules' code defaults
    "service_categories",  # issue 12, item 2: tests that edit categories restore them (tests/category_support.py)
}


@pytest.fixture(scope="session")
def app():
    workdir = tempfile.mkdtemp(prefix="suite-test-")
    url = os.environ.get("SUITE_DATABASE_URL") or f"sqlite:///{workdir}/test.db"
    application = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "test-secret",
            "NIK_KEY": "test-nik-key",
            "UPLOAD_FOLDER": f"{workdir}/uploads",
            "TESTING": True,
            # The limiter object is shared by every app a test makes, so tests keep it on and
            # raise the limit instead; one test checks a low limit.
            "LOGIN_RATE_LIMIT": "10000 per minute",
            "FAMILY_DANGER_RATE_LIMIT": "10000 per minute",
            # Intake limits (issue 9, item 2); tests/test_rate_limits.py lowers them on apps of its own.
            "REGISTRATION_RATE_LIMIT": "10000 per minute",
            "TICKET_RATE_LIMIT_CITIZEN": "10000 per minute",
            "TICKET_RATE_LIMIT_API_KEY": "10000 per minute",
            "OPEN311_RATE_LIMIT_API_KEY": "10000 per minute",
            "OPEN311_RATE_LIMIT_ADDRESS": "10000 per minute",
            "WEBHOOK_REFUSAL_LIMIT": "10000 per minute",
            "PHONE_CODE_RATE_LIMIT": "10000 per minute",  # phone codes (issue 9, item 5)
            "PHONE_CODE_CHECK_RATE_LIMIT": "10000 per minute",
            "CALL_CENTRE_LOOKUP_RATE_LIMIT": "10000 per minute",
            "NEARBY_RATE_LIMIT": "10000 per minute",  # the intake map's nearby reports (issue 11)
            # Second factor and password reset (issue 9, item 4); their own tests lower them on apps of their own.
            "TOTP_RATE_LIMIT": "10000 per minute",
            "PASSWORD_RESET_RATE_LIMIT": "10000 per minute",
            "PASSWORD_RESET_ACCOUNT_RATE_LIMIT": "10000 per minute",
        }
    )
    with application.app_context():
        _reset_schema()
        upgrade()
        seed_agencies()
        seed_targets()
        seed_modules()
        seed_standards()
        seed_categories()
        db.session.commit()
        _remember_agencies()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _reset_schema():
    """Start from an empty database, also when a previous run left tables behind."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def _clean_tables(app):
    yield
    with app.app_context():
        db.session.rollback()
        # Kept reference rows may point at staff a test made: let go before the staff go.
        db.session.execute(
            text(
                "UPDATE working_areas SET field_staff_id = NULL, updated_by_staff_id = NULL "
                "WHERE field_staff_id IS NOT NULL OR updated_by_staff_id IS NOT NULL"
            )
        )
        db.session.execute(text("UPDATE agencies SET phone = NULL WHERE phone IS NOT NULL"))  # the demo's duty phones
        db.session.execute(text("UPDATE service_categories SET updated_by = NULL WHERE updated_by IS NOT NULL"))
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEEP_TABLES:
                db.session.execute(table.delete())
        _restore_agencies()
        db.session.commit()
        db.session.remove()


_SEEDED_AGENCIES: dict[int, dict] = {}


def _remember_agencies() -> None:
    """The seeded agency rows, so a test that adds or edits agencies (issue 12, item 3: the admin
    screen) leaves the list as it found it."""
    rows = db.session.execute(text("SELECT * FROM agencies")).mappings().all()
    _SEEDED_AGENCIES.update({row["id"]: dict(row) for row in rows})


def _restore_agencies() -> None:
    rows = db.session.execute(text("SELECT * FROM agencies ORDER BY id DESC")).mappings().all()
    for row in rows:
        seeded = _SEEDED_AGENCIES.get(row["id"])
        if seeded is None:  # added by the test; its units (higher ids) went first
            db.session.execute(text("DELETE FROM agencies WHERE id = :id"), {"id": row["id"]})
        elif dict(row) != seeded:
            names = [name for name in seeded if name != "id"]
            assignments = ", ".join(f"{name} = :{name}" for name in names)
            db.session.execute(text(f"UPDATE agencies SET {assignments} WHERE id = :id"), seeded)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Clock:
    """A clock the test moves: code that reads ``suite.database.utcnow`` sees ``now``."""

    def __init__(self, monkeypatch):
        from suite import database

        self.now = database.utcnow()
        monkeypatch.setattr(database, "utcnow", lambda: self.now)

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


SMS_SETTINGS = ("SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN", "SMS_WEBHOOK_SECRET")


@pytest.fixture
def gateway(app):
    """The SMS gateway stand-in wired into the app's settings (see tests/channels/sms/stand_in.py)."""
    stand_in = SmsGatewayStandIn()
    saved = {name: app.config[name] for name in SMS_SETTINGS}
    app.config.update(SMS_GATEWAY_URL=stand_in.url, SMS_GATEWAY_TOKEN=TOKEN, SMS_WEBHOOK_SECRET=SECRET)
    yield stand_in
    app.config.update(saved)
    stand_in.close()


@pytest.fixture
def sms(client, gateway):
    """Send one SMS from ``sender`` through the webhook: ``sms(text, sender, **webhook options)``."""

    def send(text, sender, **options):
        body, headers = gateway.webhook(text, sender, **options)
        return client.post("/webhook/sms", data=body, headers=headers)

    return send


@pytest.fixture
def redis_url() -> str:
    """A Redis that answers (SUITE_REDIS_URL, else the local one); the test is skipped without one."""
    reason = redis_answers()
    if reason:
        pytest.skip(reason)
    return REDIS_URL


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.remove()


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)) or re.search(
        r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)
    )
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)
