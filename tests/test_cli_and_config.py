import csv
import io

import pytest
from sqlalchemy import func, select

from suite import create_app
from suite.config import ConfigError
from suite.extensions import db
from suite.identity.models import Staff
from suite.ticketing.models import Ticket
from tests.helpers import login_staff


def test_seed_demo_creates_staff_citizens_and_tickets_once(app, runner):
    result = runner.invoke(args=["seed-demo", "--tickets", "40"])
    assert result.exit_code == 0, result.output
    assert "40 tickets" in result.output
    with app.app_context():
        modules = {m for (m,) in db.session.execute(select(Ticket.module).distinct())}
        assert modules == {"lorong", "sehat", "babhar", "madul"}
        assert db.session.execute(select(func.count(Staff.id))).scalar_one() >= 10
    # The public dashboard counts the demo's tickets at once, with no sweep run yet.
    rows = list(csv.reader(io.StringIO(app.test_client().get("/statistik/bulan.csv").get_data(as_text=True))))
    received = rows[0].index("received")
    assert sum(int(row[received]) for row in rows[1:]) == 40
    again = runner.invoke(args=["seed-demo", "--tickets", "40"])
    assert again.exit_code == 0 and "already present" in again.output
    client = app.test_client()
    login_staff(client, "pupr@pamekasankab.go.id", "demo12345")
    assert "LRG-" in client.get("/petugas/?status=all").get_data(as_text=True)
    midwife = app.test_client()  # the README's Tlanakan midwife cares for the README's Tlanakan mother
    login_staff(midwife, "bidan.tlanakan@pamekasankab.go.id", "demo12345")
    assert "Siti Rahmawati" in midwife.get("/layanan/babhar/petugas/kohort").get_data(as_text=True)


def test_create_staff_command(app, runner):
    result = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "Kepala@PamekasanKab.go.id",
            "--name",
            "Kepala Dinas",
            "--role",
            "supervisor",
            "--agency",
            "dlh",
            "--password",
            "sangat-rahasia",
        ]
    )
    assert result.exit_code == 0, result.output
    login_staff(app.test_client(), "kepala@pamekasankab.go.id", "sangat-rahasia")
    bad = runner.invoke(
        args=["create-staff", "--email", "x@y.id", "--name", "X", "--agency", "nope", "--password", "sangat-rahasia"]
    )
    assert bad.exit_code != 0 and "no agency with code" in bad.output


def test_production_refuses_to_start_without_secrets(monkeypatch, tmp_path):
    monkeypatch.setenv("SUITE_ENV", "production")
    monkeypatch.delenv("SUITE_SECRET_KEY", raising=False)
    monkeypatch.delenv("SUITE_NIK_KEY", raising=False)
    monkeypatch.setenv("SUITE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="SUITE_SECRET_KEY, SUITE_NIK_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_development_default_is_sqlite_in_wal_mode_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("SUITE_DATABASE_URL", raising=False)
    monkeypatch.delenv("SUITE_ENV", raising=False)
    monkeypatch.setenv("SUITE_INSTANCE_PATH", str(tmp_path))
    application = create_app()
    assert application.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/suite.db"
    with application.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        db.session.remove()
        db.engine.dispose()
    assert (tmp_path / "dev-secrets.json").exists()
    # Secrets persist, so NIKs encrypted today decrypt tomorrow.
    assert create_app().config["NIK_KEY"] == application.config["NIK_KEY"]


def test_repeated_sign_in_attempts_are_slowed_down(app):
    from tests.conftest import csrf_token

    config = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER", "LOGIN_RATE_LIMIT")
    }
    limited = create_app({**config, "LOGIN_RATE_LIMIT": "3 per minute"})
    client = limited.test_client()
    token = csrf_token(client, "/akun/masuk")
    statuses = [
        client.post(
            "/akun/masuk", data={"csrf_token": token, "identifier": "081200000000", "password": "tebak-tebak"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [422, 422, 422, 429]
    assert "Terlalu banyak percobaan" in client.post("/akun/masuk", data={"csrf_token": token}).get_data(as_text=True)


def test_migrations_match_the_models(app, runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
