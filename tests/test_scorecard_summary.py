"""Scorecards read their daily summary (issue 13): never the tickets, the same figures as scoring
each ticket, working-day targets counted on working days, any span of days."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from suite.extensions import db
from suite.sla.models import SlaTarget
from suite.sla.score_days import SCORE_EDGES
from suite.sla.scorecards import histogram_percentile, percentile
from tests.helpers import (
    citizen_client,
    lorong_fields,
    recorded_statements,
    set_ticket,
    staff_client,
    submit,
    ticket_code_from,
)

AGENCY = "Dinas Pekerjaan Umum dan Penataan Ruang"
# Friday 27 November 2026, 10:00 WIB; answered on Monday 30 November at 10:00 WIB: 72 hours of
# calendar time, 24 of working time (no public holiday on either day).
FRIDAY = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def card(supervisor, query: str) -> dict:
    response = supervisor.get(f"/petugas/kinerja.csv?{query}")
    assert response.status_code == 200
    rows = {(r["level"], r["name"]): r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    return rows[("agency", AGENCY)]


def test_a_working_day_target_counts_working_minutes_after_a_refresh(app, runner):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y")))
    set_ticket(
        app,
        code,
        created_at=FRIDAY,
        first_response_at=FRIDAY + timedelta(days=3),
        first_response_due_at=FRIDAY + timedelta(days=2),
        status="closed",
    )
    supervisor = staff_client(app, "pupr", "supervisor")
    assert runner.invoke(args=["stats-refresh"]).exit_code == 0
    friday = "dari=2026-11-27&sampai=2026-11-27"
    calendar = card(supervisor, friday)
    assert calendar["received"] == "1" and calendar["median_first_response_minutes"] == "4320.0"
    assert calendar["sanction_share"] == "1.0"  # 3 days > the 2 days' sanction time
    with app.app_context():
        calendars = dict(db.session.execute(select(SlaTarget.id, SlaTarget.calendar)).all())
        db.session.execute(update(SlaTarget).values(calendar="working_days"))
        db.session.commit()
    try:
        # A target an admin changes applies to the months the refresh recomputes after it.
        assert runner.invoke(args=["stats-refresh", "--full"]).exit_code == 0
        working = card(supervisor, friday)
    finally:  # the PostgreSQL test database keeps seeded targets between tests
        with app.app_context():
            for target_id, calendar_name in calendars.items():
                db.session.execute(update(SlaTarget).where(SlaTarget.id == target_id).values(calendar=calendar_name))
            db.session.commit()
    assert working["median_first_response_minutes"] == "1440.0" and working["sanction_share"] == "0.0"
    assert working["p90_first_response_minutes"] == "1440.0" and working["open_now"] == "0"


def test_the_scorecards_never_read_the_tickets_or_their_ratings(app, runner):
    citizen = citizen_client(app)
    ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y")))
    supervisor = staff_client(app, "pupr", "supervisor")
    admin = staff_client(app, None, "admin")
    assert runner.invoke(args=["stats-refresh"]).exit_code == 0
    with recorded_statements(app) as statements:
        for client in (supervisor, admin):
            for url in ("/petugas/kinerja", "/petugas/kinerja.csv?dari=2025-01-01&sampai=2026-12-31"):
                assert client.get(url).status_code == 200, url
    assert any("ticket_day_scores" in statement for statement in statements)
    assert not [s for s in statements if re.search(r"\b(tickets|ticket_ratings)\b", s)]


def test_the_histogram_percentile_stays_within_its_bucket_of_the_exact_one():
    values = [0.5, 3, 3, 11, 47, 47, 59, 61, 130, 1500, 2000, 2900, 5000, 50_000]
    cumulative = [sum(v <= edge for v in values) for edge in SCORE_EDGES]
    edges = (0, *SCORE_EDGES, max(values))
    for share in (0.1, 0.5, 0.9, 1.0):
        exact = percentile(values, share)
        read = histogram_percentile(cumulative, len(values), max(values), share)
        bucket = next(i for i, edge in enumerate(edges[1:]) if exact <= edge)
        assert edges[bucket] < read <= edges[bucket + 1] or read == exact, (share, exact, read)
    assert histogram_percentile(cumulative, len(values), max(values), 1.0) == 50_000
    assert histogram_percentile([0] * len(SCORE_EDGES), 0, 0, 0.5) is None


def test_a_span_of_whole_and_partial_months_counts_each_ticket_once(app, runner):
    citizen = citizen_client(app)
    for n, created in enumerate(
        (
            datetime(2026, 10, 15, 5, tzinfo=UTC),
            datetime(2026, 11, 10, 5, tzinfo=UTC),
            datetime(2026, 12, 2, 5, tzinfo=UTC),
        )
    ):
        fields = lorong_fields(not_duplicate="y", description=f"Jalan berlubang ruas {n} perlu segera ditambal.")
        set_ticket(app, ticket_code_from(submit(citizen, "lorong", fields)), created_at=created, first_response_at=None)
    supervisor = staff_client(app, "pupr", "supervisor")
    assert runner.invoke(args=["stats-refresh"]).exit_code == 0
    assert card(supervisor, "dari=2026-10-15&sampai=2026-12-02")["received"] == "3"  # days, a month, days
    assert card(supervisor, "dari=2026-10-01&sampai=2026-11-30")["received"] == "2"  # two whole months
    assert card(supervisor, "dari=2026-10-16&sampai=2026-12-01")["received"] == "1"  # November only
    assert card(supervisor, "dari=2026-11-11&sampai=2026-12-02")["received"] == "1"  # days of two months
