"""``flask --app suite bench-data`` (issue 13, item 3): realistic bench tickets, and never on a live database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, text

from suite.database import utcnow
from suite.extensions import db
from suite.ticketing.codes import CODE_PATTERN
from suite.ticketing.models import Ticket, TicketEvent
from tests.helpers import citizen_client, count, lorong_fields, staff_client, submit, ticket_code_from

FINISHED = {"closed", "resolved", "rejected"}


def test_fills_two_years_of_realistic_tickets_and_the_pages_still_work(app, runner):
    result = runner.invoke(args=["bench-data", "--tickets", "3000"])
    assert result.exit_code == 0, result.output
    assert "3000 tickets" in result.output

    with app.app_context():
        tickets = db.session.execute(select(Ticket)).scalars().all()
        assert len(tickets) == 3000
        assert {t.module for t in tickets} == {"lorong", "sehat", "babhar", "madul"}
        assert len({t.agency_id for t in tickets}) >= 4
        assert len({t.kecamatan_code for t in tickets}) >= 10
        assert len({t.category for t in tickets}) >= 15
        assert len({t.code for t in tickets}) == 3000 and all(CODE_PATTERN.match(t.code) for t in tickets)
        now = utcnow()
        ages = [now - t.created_at for t in tickets]
        assert max(ages) > timedelta(days=700) and min(ages) < timedelta(days=30)
        old = [t for t in tickets if now - t.created_at > timedelta(days=90)]
        recent = [t for t in tickets if now - t.created_at < timedelta(days=30)]
        assert sum(t.status in FINISHED for t in old) > 0.95 * len(old)  # the old are nearly all finished...
        assert any(t.status not in FINISHED for t in old)  # ...some still open, and overdue
        assert any(t.status not in FINISHED and t.resolution_due_at < now for t in old)
        assert {"submitted", "verified", "in_progress"} <= {t.status for t in recent}

        # Each ticket's timeline: created, then one status change per step, matching event_count.
        events = dict(
            db.session.execute(select(TicketEvent.ticket_id, func.count()).group_by(TicketEvent.ticket_id)).all()
        )
        assert all(events[t.id] == t.event_count for t in tickets)
        closed = next(t for t in tickets if t.status == "closed")
        steps = db.session.execute(
            select(TicketEvent.kind, TicketEvent.to_status)
            .where(TicketEvent.ticket_id == closed.id)
            .order_by(TicketEvent.created_at)
        ).all()
        assert steps[0] == ("created", None) and steps[-1] == ("status_changed", "closed")
        sample = next(t.code for t in tickets if t.visibility == "public" and not t.sensitive)

    supervisor = staff_client(app, None, role="supervisor")
    for url in ("/petugas/", "/petugas/?status=all&sort=due", "/petugas/kinerja", "/petugas/statistik"):
        assert supervisor.get(url).status_code == 200, url
    public = app.test_client()
    for url in ("/statistik", "/statistik/instansi", f"/lacak/{sample}", "/open311/v2/requests.json"):
        assert public.get(url).status_code == 200, url
    with app.app_context():  # the dashboards' summary was filled after the tickets
        assert db.session.execute(text("SELECT count(*) FROM ticket_month_stats")).scalar_one() > 24


def test_refuses_a_database_holding_tickets_it_did_not_make_unless_forced(app, runner):
    citizen = citizen_client(app)
    ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y")))

    refused = runner.invoke(args=["bench-data", "--tickets", "10"])
    assert refused.exit_code != 0 and "did not make" in refused.output
    assert runner.invoke(args=["bench-data", "--tickets", "10", "--append"]).exit_code != 0  # append is not enough
    assert count(app, Ticket) == 1

    forced = runner.invoke(args=["bench-data", "--tickets", "10", "--force"])
    assert forced.exit_code == 0, forced.output
    assert count(app, Ticket) == 11


def test_a_second_fill_needs_append(app, runner):
    assert runner.invoke(args=["bench-data", "--tickets", "10"]).exit_code == 0
    second = runner.invoke(args=["bench-data", "--tickets", "10"])
    assert second.exit_code != 0 and "--append" in second.output
    appended = runner.invoke(args=["bench-data", "--tickets", "5", "--append"])
    assert appended.exit_code == 0, appended.output
    with app.app_context():
        codes = db.session.execute(select(Ticket.code)).scalars().all()
    assert len(codes) == len(set(codes)) == 15


def test_never_fills_a_production_database_even_an_empty_one_with_force(app, runner):
    app.config["ENV_NAME"] = "production"
    try:
        result = runner.invoke(args=["bench-data", "--tickets", "10", "--force"])
    finally:
        app.config["ENV_NAME"] = "development"
    assert result.exit_code != 0 and "production" in result.output
    assert count(app, Ticket) == 0
