"""``flask --app suite sla-sweep`` at scale (issue 13): targets resolved in SQL, a bounded run, a
failure in one line, and the heartbeat ``check-deploy`` reads."""

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from suite import create_app
from suite.database import utcnow
from suite.extensions import db
from suite.operations.heartbeats import latest
from suite.sla.models import SlaEscalation, SlaTarget
from tests.helpers import citizen_client, get_ticket, lorong_fields, set_ticket, staff_client, submit, ticket_code_from
from tests.test_sla_sweep import notifications, overdue_ticket


def escalations(app):
    with app.app_context():
        rows = db.session.execute(select(SlaEscalation.ticket_id, SlaEscalation.target, SlaEscalation.stage)).all()
        return sorted((ticket_id, target, stage) for ticket_id, target, stage in rows)


def due_in(app, minutes, **fields):
    """A new road report first due ``minutes`` from now: its code and id."""
    code = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields(not_duplicate="y", **fields)))
    set_ticket(app, code, first_response_due_at=utcnow() + timedelta(minutes=minutes))
    return code, get_ticket(app, code).id


def test_a_ticket_with_a_category_target_is_warned_by_that_target(app, runner):
    staff_client(app, "pupr")
    with app.app_context():
        # Two hours to answer a broken bridge: the warning comes half an hour ahead, not the hour.
        db.session.add(
            SlaTarget(module="lorong", category="jembatan", first_response_minutes=120, sanction_minutes=240)
        )
        db.session.commit()
    try:
        bridge_code, bridge = due_in(app, 45, category="jembatan", damage_type="broken_bridge")
        _, road = due_in(app, 45)  # the regency-wide two days: warned an hour ahead
        assert "1 due soon" in runner.invoke(args=["sla-sweep"]).output
        assert escalations(app) == [(road, "first_response", "due_soon")]
        set_ticket(app, bridge_code, first_response_due_at=utcnow() + timedelta(minutes=20))
        assert "1 due soon" in runner.invoke(args=["sla-sweep"]).output
        assert (bridge, "first_response", "due_soon") in escalations(app)
    finally:
        with app.app_context():
            db.session.execute(delete(SlaTarget).where(SlaTarget.category == "jembatan", SlaTarget.module == "lorong"))
            db.session.commit()


def test_a_batch_limit_leaves_the_rest_for_the_next_run(app, runner, monkeypatch):
    staff_client(app, "pupr")
    staff_client(app, "pupr", "supervisor")
    codes = [overdue_ticket(app)[0] for _ in range(3)]
    monkeypatch.setitem(app.config, "SLA_SWEEP_BATCH", 2)
    first = runner.invoke(args=["sla-sweep"])
    assert first.exit_code == 0 and "2 breached" in first.output and "the rest next run" in first.output
    assert len(notifications(app)) == 2 * 2  # officer and supervisor of the two tickets recorded
    second = runner.invoke(args=["sla-sweep"])
    assert "1 breached" in second.output and "the rest next run" not in second.output
    assert "0 breached" in runner.invoke(args=["sla-sweep"]).output
    assert len(escalations(app)) == len(codes) and len(notifications(app)) == 2 * len(codes)


def test_the_close_batch_leaves_the_rest_for_the_next_run(app, runner, monkeypatch):
    from tests.helpers import staff_photo, staff_post

    officer = staff_client(app, "pupr")
    codes = []
    for _ in range(2):
        code = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields(not_duplicate="y")))
        assert staff_photo(officer, code).status_code == 302
        for status in ("verified", "in_progress", "resolved"):
            staff_post(officer, code, "status", {"status": status})
        set_ticket(app, code, resolved_at=get_ticket(app, code).resolved_at - timedelta(days=8))
        codes.append(code)
    monkeypatch.setitem(app.config, "SLA_SWEEP_CLOSE_BATCH", 1)
    first = runner.invoke(args=["sla-sweep"]).output
    assert "1 closed" in first and "the rest next run" in first
    assert "1 closed" in runner.invoke(args=["sla-sweep"]).output
    assert [get_ticket(app, code).status for code in codes] == ["closed", "closed"]


def test_a_run_records_its_heartbeat(app, runner):
    assert runner.invoke(args=["sla-sweep"]).exit_code == 0
    with app.app_context():
        row = latest("sla-sweep")
        assert row is not None and row.error is None and row.ok_at == row.beat_at


def test_a_failure_is_one_line_with_a_non_zero_exit_and_a_heartbeat_that_says_why(app, runner, monkeypatch):
    assert runner.invoke(args=["sla-sweep"]).exit_code == 0
    with app.app_context():
        succeeded = latest("sla-sweep").ok_at

    def lost(*_args, **_kwargs):  # what psycopg raises when the server goes away mid-run
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr("suite.sla.sweep.sweep", lost)
    result = runner.invoke(args=["sla-sweep"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "sla-sweep failed: database unreachable (OperationalError: server closed the connection unexpectedly), "
        "will retry next run"
    ]
    with app.app_context():
        row = latest("sla-sweep")
        assert row.error.startswith("database unreachable (OperationalError")
        assert row.ok_at == succeeded  # the last success is still known
    monkeypatch.undo()  # the database is back
    assert runner.invoke(args=["sla-sweep"]).exit_code == 0  # the next run recovers by itself
    with app.app_context():
        assert latest("sla-sweep").error is None


def test_an_unreachable_database_is_one_line_too(tmp_path):
    # A database that cannot be opened at all: the heartbeat cannot be written either, and that
    # does not add a second line.
    broken = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/folder/suite.db",
            "SECRET_KEY": "test-secret",
            "NIK_KEY": "test-nik-key",
            "TESTING": True,
        }
    )
    result = broken.test_cli_runner().invoke(args=["sla-sweep"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("sla-sweep failed: database unreachable (OperationalError") and "Traceback" not in line
    assert line.endswith("will retry next run")


def test_a_breach_updates_the_overdue_counts_as_a_full_recompute_would(app, runner):
    from suite.sla.ticket_stats import TicketMonthStatusStat
    from tests.test_ticket_stats import make, refresh

    def summary():
        with app.app_context():
            rows = db.session.execute(select(TicketMonthStatusStat)).scalars().all()
            ignored = {"id"}
            return sorted(
                tuple(sorted((k, v) for k, v in vars(row).items() if not k.startswith("_") and k not in ignored))
                for row in rows
            )

    citizen = citizen_client(app)
    now = utcnow()
    created = now - timedelta(days=1)
    late, closed = make(app, citizen, created), make(app, citizen, created + timedelta(minutes=5))
    set_ticket(app, closed, status="closed")
    set_ticket(app, late, first_response_due_at=now + timedelta(hours=2))
    refresh(runner, "--full")
    set_ticket(app, late, first_response_due_at=now - timedelta(minutes=5), updated_at=now - timedelta(hours=6))
    assert "1 breached" in runner.invoke(args=["sla-sweep"]).output  # the month: only its open rows redone
    after_sweep = summary()
    refresh(runner, "--full")
    assert after_sweep == summary()
