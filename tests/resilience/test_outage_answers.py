"""Issue 13, item 7: what every edge answers, and what the worker and the jobs do, while the database
cannot be reached. Here the database is a SQLite file in a folder that does not exist, so every
connection fails as an unreachable server's does (both databases' runs; the TCP cut against a real
PostgreSQL is tests/resilience/test_database_outage.py)."""

from __future__ import annotations

import logging
import tempfile

import pytest

from suite import create_app
from suite.notify import worker
from tests.channels.sms.stand_in import SECRET, SmsGatewayStandIn


@pytest.fixture(scope="module")
def down_app():
    folder = tempfile.mkdtemp(prefix="suite-down-")
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/missing/suite.db",
            "SECRET_KEY": "test-secret",
            "NIK_KEY": "test-nik-key",
            "TESTING": True,
            "SMS_WEBHOOK_SECRET": SECRET,
            "DB_RETRY_AFTER_SECONDS": 7,
        }
    )


def test_pages_answer_503_with_retry_after_and_a_page_that_says_nothing_was_saved(down_app):
    response = down_app.test_client().get("/lacak/LRG-2026-000001")
    assert response.status_code == 503 and response.headers["Retry-After"] == "7"
    page = response.get_data(as_text=True)
    assert "Layanan sedang terganggu" in page and "Tidak ada yang tersimpan setengah jalan" in page
    assert '<meta http-equiv="refresh" content="7">' in page  # a GET page tries again by itself
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]  # the usual headers too


def test_a_posted_form_is_told_to_go_back_and_send_again(down_app):
    client = down_app.test_client()
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        response = client.post("/akun/masuk", data={"identifier": "x", "password": "y"})
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    assert response.status_code == 503 and response.headers["Retry-After"] == "7"  # not the limiter's window
    page = response.get_data(as_text=True)
    assert "Kiriman Anda belum tersimpan" in page and "http-equiv" not in page


def test_the_json_api_and_open311_answer_503_in_their_own_shapes(down_app):
    client = down_app.test_client()
    api = client.get("/api/v1/tickets/LRG-2026-000001")
    assert api.status_code == 503 and api.headers["Retry-After"] == "7"
    assert api.json["code"] == 503 and "Retry after 7 s" in api.json["message"]
    open311 = client.get("/open311/v2/requests.json")
    assert open311.status_code == 503 and open311.headers["Retry-After"] == "7"
    assert open311.json[0]["code"] == 503
    xml = client.get("/open311/v2/services.xml")
    assert xml.status_code == 503 and "<code>503</code>" in xml.get_data(as_text=True)


def test_the_sms_webhook_answers_503_so_the_gateway_sends_the_message_again(down_app):
    body, headers = SmsGatewayStandIn.webhook("LORONG Dabuan jalan berlubang", "081234500001")
    response = down_app.test_client().post("/webhook/sms", data=body, headers=headers)
    assert response.status_code == 503 and response.headers["Retry-After"] == "7"


def test_the_log_line_names_the_error_but_never_the_statement(down_app, caplog):
    with caplog.at_level(logging.WARNING):
        down_app.test_client().get("/lacak/LRG-2026-000001")
    lines = [r.getMessage() for r in caplog.records if "database unavailable" in r.getMessage()]
    assert len(lines) == 1 and "OperationalError" in lines[0] and "SELECT" not in lines[0]


def test_the_worker_backs_off_and_keeps_going_while_the_database_is_away(down_app, caplog):
    rounds, waits = [], []

    def stop():
        rounds.append(1)
        return len(rounds) > 4

    with down_app.app_context(), caplog.at_level(logging.WARNING):
        worker.run_forever(stop=stop, sleep=waits.append)  # returns only because stop() said so
    assert waits == [1, 2, 4, 8]
    assert sum("outbox worker: database unavailable" in r.getMessage() for r in caplog.records) == 4


def test_jobs_retry_then_fail_with_one_clear_line(down_app, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr("suite.operations.jobs.time.sleep", waits.append)
    result = down_app.test_cli_runner().invoke(args=["jobs"])
    assert result.exit_code == 1
    assert "jobs failed: OperationalError[-]: unable to open database file" in result.output
    assert waits == [1, 2, 4, 8, 16]  # six attempts, about 30 s of waiting in all


def test_an_sms_cut_off_half_way_is_handled_when_the_gateway_sends_it_again(app, sms, gateway, clock, monkeypatch):
    """The database goes away after the message was recorded: the gateway hears 503 (not a "trouble"
    reply), its early retries hear 503 too while the first attempt may still run, and a retry after
    that opens the ticket, once; later retries are duplicates."""
    from sqlalchemy.exc import OperationalError

    from suite.channels.dialogue import engine
    from suite.ticketing.models import Ticket
    from tests.helpers import count, gen_citizen

    _, _, phone = gen_citizen(app)
    real_respond = engine.respond

    def cut_off(channel, incoming):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(engine, "respond", cut_off)
    text = "LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD"
    first = sms(text, phone, message_id="gw-cut-1")
    assert first.status_code == 503 and first.headers["Retry-After"]
    monkeypatch.setattr(engine, "respond", real_respond)
    soon = sms(text, phone, message_id="gw-cut-1")
    assert soon.status_code == 503 and count(app, Ticket) == 0  # the first attempt might still be running
    clock.advance(seconds=61)
    later = sms(text, phone, message_id="gw-cut-1")
    assert later.status_code == 200 and later.get_json()["outcome"] == "ticket_opened"
    again = sms(text, phone, message_id="gw-cut-1")
    assert again.status_code == 200 and again.get_json()["status"] == "duplicate"
    assert count(app, Ticket) == 1


def test_the_worker_beats_after_its_first_round_and_not_on_every_idle_loop(app, monkeypatch):
    from suite.operations.heartbeats import latest

    beats: list[str] = []
    real_beat = worker.beat_safely
    monkeypatch.setattr(worker, "beat_safely", lambda name, error=None: beats.append(name) or real_beat(name, error))
    rounds: list[int] = []
    with app.app_context():
        worker.run_forever(stop=lambda: rounds.append(1) or len(rounds) > 4, sleep=lambda _seconds: None)
        row = latest("worker")
        assert row is not None and row.ok_at is not None and row.error is None
    # Four idle rounds within a second: one beat; the next is due WORKER_HEARTBEAT_SECONDS (30 s) later.
    assert beats == ["worker"]


def test_jobs_that_finish_record_a_good_heartbeat(app, runner):
    from suite.operations.heartbeats import latest

    result = runner.invoke(args=["jobs"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        row = latest("jobs")
        assert row is not None and row.ok_at is not None and row.error is None


def test_a_report_held_for_an_unknown_phone_is_held_once_when_the_gateway_sends_it_again(
    app, sms, gateway, clock, monkeypatch
):
    """The review's case: the report was held (its own write), then the database went away before the
    message's outcome was recorded; the gateway's retry after the take-over window holds nothing new,
    so registering later opens one ticket, not two."""
    from sqlalchemy.exc import OperationalError

    from suite.channels.dialogue import inbound
    from suite.channels.models import HeldReport
    from tests.helpers import count

    phone = "081234599001"
    real_finish = inbound.finish

    def cut_off(channel, incoming, outcome):
        raise OperationalError("UPDATE", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(inbound, "finish", cut_off)
    text = "LORONG Dabuan jalan berlubang di Jl. Raya Tlanakan depan SD"
    first = sms(text, phone, message_id="gw-held-1")
    assert first.status_code == 503
    assert count(app, HeldReport) == 1
    monkeypatch.setattr(inbound, "finish", real_finish)
    clock.advance(seconds=61)
    again = sms(text, phone, message_id="gw-held-1")
    assert again.status_code == 200 and again.get_json()["outcome"] == "held"
    assert count(app, HeldReport) == 1


@pytest.mark.parametrize(
    ("cause", "level"),
    [
        ("pool", logging.ERROR),  # no pooled connection free in time: a leak of ours, maybe
        ("statement_timeout", logging.ERROR),  # a statement cancelled for taking too long: a slow query
        ("gone", logging.WARNING),  # the server went away: an outage, nothing of ours to fix
    ],
)
def test_an_outage_answer_that_may_hide_a_bug_is_logged_as_an_error(app, client, monkeypatch, caplog, cause, level):
    """From the review: a slow statement or a leaked connection also answers 503, but monitoring that
    watches errors must see it; the line still carries no statement."""
    from sqlalchemy import exc

    from suite.portal import views

    class Cancelled(Exception):
        sqlstate = "57014"

    errors = {
        "pool": exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached"),
        "statement_timeout": exc.OperationalError("SELECT secret", {}, Cancelled("canceling statement")),
        "gone": exc.OperationalError("SELECT secret", {}, Exception("server closed the connection unexpectedly")),
    }

    def fail(_code):
        raise errors[cause]

    monkeypatch.setattr(views, "_ticket_for_status_page", fail)
    with caplog.at_level(logging.WARNING):
        response = client.get("/lacak/LRG-2026-000001")
    assert response.status_code == 503
    records = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert [r.levelno for r in records] == [level]
    assert "secret" not in records[0].getMessage()
