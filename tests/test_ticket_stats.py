"""The monthly summary behind dashboards and reports (issue 12, item 11) against hand-computed
figures, kept current by ``stats-refresh`` and by the minute's ``sla-sweep``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from suite.database import utcnow
from suite.sla.clock import WIB
from suite.sla.stats_queries import breakdown, total
from tests.helpers import citizen_client, lorong_fields, set_ticket, submit, ticket_code_from


def make(app, citizen, created: datetime, **fields):
    code = ticket_code_from(
        submit(citizen, "lorong", lorong_fields(not_duplicate="y", description=f"Jalan berlubang {created:%d%H%M%S}."))
    )
    values: dict = {"created_at": created, "first_response_due_at": created + timedelta(days=2), "updated_at": utcnow()}
    for name, value in fields.items():
        values[name] = created + timedelta(minutes=value) if name.endswith("_at") else value
    set_ticket(app, code, **values)
    return code


def refresh(runner, *args):
    result = runner.invoke(args=["stats-refresh", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_month_figures_match_the_hand_computed_fixture(app, runner):
    citizen = citizen_client(app)
    # 2026-03 in WIB: 31 March 20:00 UTC is already 1 April 03:00 WIB, so it belongs to April.
    march = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    make(app, citizen, march, first_response_at=5, resolved_at=120, status="resolved")  # 5 min, in target
    make(app, citizen, march + timedelta(days=1), first_response_at=3 * 24 * 60)  # 3 days: late
    make(app, citizen, march + timedelta(days=2), status="awaiting_budget", first_response_at=90)
    make(app, citizen, march + timedelta(days=3), status="rejected")  # closed, never answered
    make(app, citizen, datetime(2026, 3, 31, 20, 0, tzinfo=UTC), first_response_at=30)
    assert "month(s) recomputed" in refresh(runner, "--full")
    with app.app_context():
        m = total(date(2026, 3, 1), date(2026, 3, 1))
        assert (m.received, m.answered, m.answered_in_target) == (4, 3, 2)
        assert m.response_minutes_sum == 5 + 3 * 24 * 60 + 90
        assert (m.response_le_10m, m.response_le_1h, m.response_le_1d, m.response_le_2d, m.response_le_7d) == (
            1,
            1,
            2,
            2,
            3,
        )
        assert (m.resolved, m.resolution_minutes_sum) == (1, 120)
        assert (m.open_now, m.awaiting_budget, m.closed_unanswered) == (2, 1, 1)  # the late one and the budget one
        assert m.target_share == 0.5
        april = total(date(2026, 4, 1), date(2026, 4, 1))
        assert (april.received, april.answered_in_target) == (1, 1)
        states = breakdown(date(2026, 3, 1), date(2026, 3, 1), by=("status",), by_state=True)
        assert {f.key["status"]: f.received for f in states} == {
            "awaiting_budget": 1,
            "rejected": 1,
            "resolved": 1,
            "submitted": 1,
        }
        late = total(date(2026, 3, 1), date(2026, 3, 1), by_state=True, status=["submitted"])
        assert (late.received, late.answered, late.answered_in_target) == (1, 1, 0)
        by_month = breakdown(date(2026, 1, 1), date(2026, 12, 1), by=("month",))
        assert [(f.key["month"], f.received) for f in by_month] == [(date(2026, 3, 1), 4), (date(2026, 4, 1), 1)]


def test_a_change_reaches_the_summary_at_the_next_sweep(app, runner):
    citizen = citizen_client(app)
    created = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)
    code = make(app, citizen, created)
    refresh(runner, "--full")
    with app.app_context():
        assert total(date(2026, 5, 1), date(2026, 5, 1)).answered == 0
    set_ticket(app, code, first_response_at=created + timedelta(minutes=8), updated_at=utcnow())
    output = runner.invoke(args=["sla-sweep"]).output
    assert "statistics: 1 month(s) recomputed" in output
    with app.app_context():
        may = total(date(2026, 5, 1), date(2026, 5, 1))
        assert (may.answered, may.response_le_10m) == (1, 1)
    # Changes older than the last run (and its margin for late commits) are not looked at again.
    set_ticket(app, code, updated_at=utcnow() - timedelta(hours=1))
    assert "statistics: 0 month(s) recomputed" in refresh(runner)


def test_confidential_and_health_tickets_are_counted_but_not_disclosed(app, runner):
    citizen = citizen_client(app)
    created = datetime(2026, 6, 2, 3, 0, tzinfo=UTC)
    make(app, citizen, created)
    make(app, citizen, created, visibility="confidential")
    health = ticket_code_from(
        submit(citizen, "sehat", {"category": "bpjs_card", "description": "Kartu BPJS saya tidak aktif padahal PBI."})
    )
    set_ticket(app, health, created_at=created, updated_at=utcnow())
    refresh(runner, "--full")
    with app.app_context():
        june = date(2026, 6, 1)
        assert total(june, june).received == 3
        assert total(june, june, disclosed_only=True).received == 1
        shown = breakdown(june, june, by=("module", "category"), disclosed_only=True)
        assert [(f.key["module"], f.received) for f in shown] == [("lorong", 1)]


def test_erased_months_are_emptied_by_a_full_refresh(app, runner):
    citizen = citizen_client(app)
    code = make(app, citizen, datetime(2026, 7, 7, 3, 0, tzinfo=UTC))
    refresh(runner, "--full")
    set_ticket(app, code, created_at=datetime(2026, 8, 7, 3, 0, tzinfo=UTC), updated_at=utcnow())
    refresh(runner, "--full")
    with app.app_context():
        assert total(date(2026, 7, 1), date(2026, 7, 1)).received == 0
        assert total(date(2026, 8, 1), date(2026, 8, 1)).received == 1


def test_a_ticket_that_turns_overdue_by_the_clock_is_counted_overdue_after_the_sweep(app, runner):
    citizen = citizen_client(app)
    now = utcnow()
    created = now - timedelta(days=1)
    code = make(app, citizen, created)
    old = now - timedelta(hours=6)  # last changed long before any refresh: only the breach can tell
    set_ticket(app, code, first_response_due_at=now + timedelta(hours=1), resolution_due_at=now + timedelta(days=4))
    set_ticket(app, code, updated_at=old)
    refresh(runner, "--full")
    month = date(created.astimezone(WIB).year, created.astimezone(WIB).month, 1)
    with app.app_context():
        assert total(month, month, by_state=True, overdue=True).received == 0
    set_ticket(app, code, first_response_due_at=now - timedelta(minutes=5))
    set_ticket(app, code, updated_at=old)  # the clock moved on; the ticket itself did not change
    assert "recomputed" in runner.invoke(args=["sla-sweep"]).output
    with app.app_context():
        assert total(month, month, by_state=True, overdue=True).received == 1


def test_a_ticket_without_deadlines_is_not_overdue(app, runner):
    citizen = citizen_client(app)
    created = datetime(2026, 9, 9, 3, 0, tzinfo=UTC)
    code = make(app, citizen, created)
    set_ticket(app, code, first_response_due_at=None, verification_due_at=None, resolution_due_at=None)
    refresh(runner, "--full")
    with app.app_context():
        september = date(2026, 9, 1)
        assert total(september, september, by_state=True).received == 1
        assert total(september, september, by_state=True, overdue=False).received == 1
