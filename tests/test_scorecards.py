"""Scorecards against a hand-computed fixture; the public ranking names no officer."""

import csv
import io
from datetime import timedelta

from suite.database import utcnow
from suite.extensions import db
from suite.ticketing.models import Rating
from tests.helpers import citizen_client, get_ticket, lorong_fields, set_ticket, staff_client, submit, ticket_code_from


def make(app, citizen, minutes_ago, **fields):
    code = ticket_code_from(
        submit(
            citizen,
            "lorong",
            lorong_fields(not_duplicate="y", description=f"Kerusakan jalan nomor {minutes_ago} yang perlu diperbaiki."),
        )
    )
    created = utcnow() - timedelta(minutes=minutes_ago)
    values = {
        "created_at": created,
        "first_response_due_at": created + timedelta(days=2),
        "resolution_due_at": created + timedelta(days=5),
    }
    for name, offset in fields.items():
        values[name] = created + timedelta(minutes=offset) if name.endswith("_at") else offset
    set_ticket(app, code, **values)
    return code


def rate(app, code, score):
    ticket = get_ticket(app, code)
    with app.app_context():
        db.session.add(
            Rating(ticket_id=ticket.id, citizen_id=ticket.citizen_id, agency_id=ticket.agency_id, score=score)
        )
        db.session.commit()


def test_agency_scorecard_matches_the_hand_computed_figures(app, runner):
    citizen = citizen_client(app)
    day = 24 * 60
    t1 = make(app, citizen, 180, first_response_at=5, resolved_at=120, status="resolved")
    make(app, citizen, 4 * day, first_response_at=3 * day, resolved_at=3 * day + 120, status="resolved", reopen_count=1)
    make(app, citizen, 60)
    make(app, citizen, 3 * day)
    t5 = make(app, citizen, 120, first_response_at=30)
    rate(app, t1, 5)
    rate(app, t5, 3)
    supervisor = staff_client(app, "pupr", "supervisor")
    # Scorecards read the daily summary (issue 13) the minute's sla-sweep refreshes.
    assert runner.invoke(args=["stats-refresh"]).exit_code == 0
    response = supervisor.get("/petugas/kinerja.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = {(r["level"], r["name"]): r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    card = rows[("agency", "Dinas Pekerjaan Umum dan Penataan Ruang")]
    assert card == {
        "level": "agency",
        "name": "Dinas Pekerjaan Umum dan Penataan Ruang",
        "received": "5",
        "responded": "3",
        "median_first_response_minutes": "30.0",  # 5, 30, 4320
        "p90_first_response_minutes": "4320.0",  # nearest rank: ceil(0.9 * 3) = 3rd
        "reward_share": "0.2",  # t1 only
        "sanction_share": "0.4",  # t2 answered after 3 days, t4 unanswered for 3 days
        "overdue_now": "1",  # t4
        "open_now": "3",  # t3, t4, t5
        "awaiting_budget": "0",
        # Nearest-rank median of 120 and 4440 (the summary's histograms give ranks, not the mean of
        # the two middle values, which was 2280).
        "median_resolution_minutes": "120.0",
        "average_rating": "4.0",
        "ratings": "2",
        "reopen_rate": "0.5",  # t2 of the two resolved
    }
    assert ("officer", "(unassigned)") in rows
    page = supervisor.get("/petugas/kinerja").get_data(as_text=True)
    assert "30 menit" in page and "3 hari" in page


def test_public_ranking_lists_agencies_without_officer_names(app, runner):
    citizen = citizen_client(app)
    officer = staff_client(app, "pupr")
    code = make(app, citizen, 30, first_response_at=4)
    set_ticket(app, code, assignee_id=officer.staff_id)
    # The public ranking reads the monthly summary (issue 12, item 11), which the sweep refreshes.
    assert runner.invoke(args=["stats-refresh", "--full"]).exit_code == 0
    page = app.test_client().get("/statistik/instansi").get_data(as_text=True)
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in page and "100%" in page
    assert "Petugas pupr" not in page


def test_scorecards_are_for_supervisors(app):
    officer = staff_client(app, "pupr")
    assert officer.get("/petugas/kinerja").status_code == 403
    assert officer.get("/petugas/kinerja.csv").status_code == 403
