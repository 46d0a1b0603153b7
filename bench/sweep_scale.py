"""Benchmark: ``flask --app suite sla-sweep`` at a million tickets on PostgreSQL (issue 13).

    .venv/bin/python bench/sweep_scale.py            # fills the template once (a few minutes), then times
    SUITE_BENCH_REUSE=1 .venv/bin/python bench/sweep_scale.py   # reuses a filled template

Fills a template database (``SUITE_BENCH_SWEEP_DB``, default ``suite_sweep_bench``, on
``SUITE_BENCH_PG``, default postgresql+psycopg://postgres@127.0.0.1:5432) with bench/stats_scale.py's
tickets (``SUITE_BENCH_TICKETS``, default 1,000,000: two years, every module, agency and kecamatan),
then makes them look like a live service that has never run the sweep: open tickets carry all three
deadlines, a third of them are assigned, each agency has two officers and a supervisor (one officer
per agency chose email for escalations), resolved tickets older than 30 days are closed (those 7-30
days old wait for the auto-close), and the monthly summary is built. Each run copies the template
(``CREATE DATABASE ... TEMPLATE``) and times the command as cron runs it, with its statement count:

1. the first run on the backlog (every overdue ticket never escalated);
2. the runs that follow until the backlog is drained (the sweep bounds its work per run);
3. a steady-state run: a minute's worth of change (20 tickets newly past a deadline, 200 edited).

Target: every run under 5 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, event, select, text  # noqa: E402

from suite import create_app  # noqa: E402
from suite.database import utcnow  # noqa: E402
from suite.extensions import db  # noqa: E402
from suite.identity.models import Agency  # noqa: E402
from suite.identity.seeding import seed_agencies  # noqa: E402
from suite.registry import enabled_modules  # noqa: E402
from suite.sla import stats_refresh  # noqa: E402
from suite.sla.seeding import seed_targets  # noqa: E402
from suite.ticketing import lifecycle  # noqa: E402

BASE = os.environ.get("SUITE_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
TEMPLATE = os.environ.get("SUITE_BENCH_SWEEP_DB", "suite_sweep_bench")
RUN_DB = os.environ.get("SUITE_BENCH_SWEEP_RUN_DB", TEMPLATE + "_run")
TICKETS = int(os.environ.get("SUITE_BENCH_TICKETS", 1_000_000))
MAX_DRAIN_RUNS = int(os.environ.get("SUITE_BENCH_DRAIN_RUNS", 200))
STEADY_ROUNDS = int(os.environ.get("SUITE_BENCH_STEADY_ROUNDS", 2))
OPEN = "(" + ", ".join(f"'{state}'" for state in lifecycle.OPEN_STATES) + ")"


def admin(sql: str) -> None:
    engine = create_engine(f"{BASE}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def exists(name: str) -> bool:
    engine = create_engine(f"{BASE}/postgres")
    with engine.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    engine.dispose()
    return found is not None


def make_app(name: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": f"{BASE}/{name}", "SECRET_KEY": "bench", "NIK_KEY": "bench"})


def fill() -> None:
    import stats_scale

    stats_scale.TICKETS = TICKETS
    admin(f"DROP DATABASE IF EXISTS {TEMPLATE}")
    admin(f"CREATE DATABASE {TEMPLATE}")
    app = make_app(TEMPLATE)
    with app.app_context():
        started = time.perf_counter()
        upgrade()
        seed_agencies()
        seed_targets()
        db.session.commit()
        combos = [(code, c.code) for code, m in enabled_modules().items() for c in m.categories]
        agencies = list(db.session.execute(select(Agency.id).order_by(Agency.id)).scalars())
        kecamatan = sorted({a.kecamatan_code for a in db.session.execute(select(Agency)).scalars() if a.kecamatan_code})
        stats_scale._fill(combos, agencies, kecamatan)
        now = utcnow().replace(tzinfo=None)
        statements = [
            f"UPDATE tickets SET verification_due_at = created_at + interval '3 days', "
            f"resolution_due_at = created_at + interval '5 days' WHERE status IN {OPEN}",
            # A live service closed these long ago; those resolved 7-30 days ago wait for the sweep.
            "UPDATE tickets SET status = 'closed' WHERE status = 'resolved' AND resolved_at < :month_ago",
            "INSERT INTO staff (email, full_name, password_hash, role, agency_id, active, alert_channel, on_duty,"
            " call_centre, created_at) SELECT 'bench-' || a.id || '-' || r.role || r.n || '@example.go.id',"
            " 'Petugas ' || a.id, 'x', r.role, a.id, true, 'sms', true, false, :now FROM agencies a CROSS JOIN"
            " (VALUES ('officer', 1), ('officer', 2), ('supervisor', 1)) AS r(role, n)",
            "INSERT INTO staff_notification_preferences (staff_id, event, channels, updated_at)"
            " SELECT id, 'escalated', CAST('[\"email\"]' AS json), :now FROM staff"
            " WHERE email LIKE 'bench-%-officer1@%'",
            f"UPDATE tickets t SET assignee_id = s.id FROM staff s WHERE s.agency_id = t.agency_id"
            f" AND s.email LIKE 'bench-%-officer1@%' AND t.status IN {OPEN} AND t.id % 3 = 0",
        ]
        for statement in statements:
            db.session.execute(text(statement), {"now": now, "month_ago": now - timedelta(days=30)})
        db.session.commit()
        stats_refresh.refresh(full=True)
        db.session.commit()
        print(f"fill: {time.perf_counter() - started:.0f} s, {TICKETS} tickets")
    with app.app_context():
        db.engine.dispose()
    engine = create_engine(f"{BASE}/{TEMPLATE}", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def backlog() -> str:
    now = utcnow().replace(tzinfo=None)
    row = db.session.execute(
        text(
            f"""SELECT
                (SELECT count(*) FROM tickets WHERE status IN {OPEN} AND merged_into_id IS NULL AND (
                    (first_response_at IS NULL AND first_response_due_at < :now)
                    OR (status = 'submitted' AND verification_due_at < :now) OR resolution_due_at < :now)),
                (SELECT count(*) FROM sla_escalations),
                (SELECT count(*) FROM tickets WHERE status = 'resolved' AND resolved_at < :week_ago),
                (SELECT count(*) FROM notifications), (SELECT count(*) FROM outbox_messages)"""
        ),
        {"now": now, "week_ago": now - timedelta(days=7)},
    ).one()
    db.session.rollback()
    return (
        f"{row[0]} overdue open tickets, {row[1]} escalations recorded, {row[2]} resolved > 7 days, "
        f"{row[3]} notifications, {row[4]} outbox messages"
    )


def timed_sweep(app, label: str, counter: list[int], sql: list[float]) -> tuple[float, int, str]:
    """One run as cron starts it; prints wall time, statements, the time spent waiting for the
    database, this process's CPU time and the machine's load (other benchmarks share it)."""
    runner = app.test_cli_runner()
    counter[0], sql[0] = 0, 0.0
    started, cpu = time.perf_counter(), time.process_time()
    result = runner.invoke(args=["sla-sweep"])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    output = " | ".join(result.output.strip().splitlines())
    verdict = "MET" if elapsed < 5 and result.exit_code == 0 else "MISSED"
    print(
        f"{label}: {elapsed:.2f} s, {counter[0]} statements ({sql[0]:.2f} s in the database, {cpu:.2f} s CPU here,"
        f" load {os.getloadavg()[0]:.1f}), exit {result.exit_code} ({output}) {verdict}"
    )
    return elapsed, counter[0], result.output


def main() -> None:
    # SUITE_BENCH_STEADY_ONLY=1: only the steady-state rounds, on the run database a full run drained.
    steady_only = os.environ.get("SUITE_BENCH_STEADY_ONLY") == "1" and exists(RUN_DB)
    if not steady_only and (os.environ.get("SUITE_BENCH_REUSE") != "1" or not exists(TEMPLATE)):
        fill()
    if not steady_only:
        admin(f"DROP DATABASE IF EXISTS {RUN_DB}")
        started = time.perf_counter()
        admin(f"CREATE DATABASE {RUN_DB} TEMPLATE {TEMPLATE}")
        print(f"copy of the template: {time.perf_counter() - started:.0f} s")
    app = make_app(RUN_DB)
    counter, sql, started_at = [0], [0.0], [0.0]

    def before(*_args) -> None:
        counter[0] += 1
        started_at[0] = time.perf_counter()

    def after(*_args) -> None:
        sql[0] += time.perf_counter() - started_at[0]

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
        if steady_only:
            steady(app, counter, sql)
            db.engine.dispose()
            return
        print("before:", backlog())
        timed_sweep(app, "first run on the backlog", counter, sql)
        print("after the first run:", backlog())
        runs, timings, total_statements = 1, [], 0
        while runs < MAX_DRAIN_RUNS:
            runner = app.test_cli_runner()
            counter[0] = 0
            started = time.perf_counter()
            output = runner.invoke(args=["sla-sweep"]).output
            timings.append(time.perf_counter() - started)
            total_statements += counter[0]
            runs += 1
            if runs % 10 == 0:
                print(f"  run {runs}: {timings[-1]:.2f} s, {counter[0]} statements ({output.splitlines()[0]})")
            if output.startswith("0 due soon, 0 breached, 0 closed"):
                break
        print(
            f"drained after {runs} runs; follow-up runs: median {statistics.median(timings):.2f} s, slowest"
            f" {max(timings):.2f} s; {total_statements} statements in all"
        )
        print("drained:", backlog())
        # Steady state is a while after the backlog: the refresh looks five minutes back (a commit
        # margin), so rows the drain wrote in its last minutes would make every month "changed".
        for statement in (
            "UPDATE sla_escalations SET created_at = created_at - interval '10 minutes'",
            "UPDATE tickets SET updated_at = updated_at - interval '10 minutes' WHERE updated_at > :since",
        ):
            db.session.execute(text(statement), {"since": utcnow().replace(tzinfo=None) - timedelta(hours=1)})
        db.session.commit()
        steady(app, counter, sql)
        db.engine.dispose()


def steady(app, counter: list[int], sql: list[float]) -> None:
    """A minute's change, then the run that follows it."""
    for round_ in range(1, STEADY_ROUNDS + 1):
        now = utcnow().replace(tzinfo=None)
        # A minute's change: 20 open tickets newly past their resolution deadline, 200 edited.
        db.session.execute(
            text(
                f"UPDATE tickets SET resolution_due_at = :just_past WHERE id IN (SELECT id FROM tickets"
                f" WHERE status IN {OPEN} AND resolution_due_at > :now ORDER BY id LIMIT 20)"
            ),
            {"just_past": now - timedelta(seconds=30), "now": now},
        )
        db.session.execute(
            text(
                "UPDATE tickets SET updated_at = :now WHERE id IN (SELECT id FROM tickets ORDER BY created_at"
                " DESC OFFSET :skip LIMIT 200)"
            ),
            {"now": now, "skip": round_ * 1000},
        )
        db.session.commit()
        timed_sweep(app, f"steady state, round {round_}", counter, sql)


if __name__ == "__main__":
    main()
