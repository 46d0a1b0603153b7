"""Claiming, reassigning, merging duplicates and supervisors' bulk actions."""

from sqlalchemy import select

from suite.extensions import db
from suite.notify.models import Notification
from tests.conftest import csrf_token
from tests.helpers import citizen_client, get_ticket, lorong_fields, staff_client, staff_post, submit, ticket_code_from


def road(app, citizen=None, **overrides):
    citizen = citizen or citizen_client(app)
    return ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y", **overrides))), citizen


def test_officer_claims_but_only_a_supervisor_reassigns(app):
    code, _ = road(app)
    first, second = staff_client(app, "pupr"), staff_client(app, "pupr")
    supervisor = staff_client(app, "pupr", "supervisor")
    assert staff_post(first, code, "tugaskan", {"assignee": str(first.staff_id)}).status_code == 302
    taken = staff_post(second, code, "tugaskan", {"assignee": str(second.staff_id)})
    assert taken.status_code == 403
    assert staff_post(supervisor, code, "tugaskan", {"assignee": str(second.staff_id)}).status_code == 302
    ticket = get_ticket(app, code)
    assert ticket.assignee_id == second.staff_id
    assert [e.kind for e in ticket.events].count("assigned") == 2


def test_queue_sorts_by_due_time_and_pages_by_keyset(app):
    from datetime import timedelta

    from tests.helpers import set_ticket

    citizen = citizen_client(app)
    codes = [road(app, citizen, description=f"Jalan rusak ruas {i} perlu ditambal segera.")[0] for i in range(3)]
    base = get_ticket(app, codes[0]).first_response_due_at
    for offset, code in zip((3, 1, 2), codes, strict=True):
        set_ticket(app, code, first_response_due_at=base + timedelta(hours=offset))
    officer = staff_client(app, "pupr")
    page = officer.get("/petugas/?sort=due").get_data(as_text=True)
    positions = [page.index(code) for code in (codes[1], codes[2], codes[0])]
    assert positions == sorted(positions)
    import suite.staff.queue as queue

    original = queue.PAGE_SIZE
    queue.PAGE_SIZE = 2
    try:
        first = officer.get("/petugas/?sort=due").get_data(as_text=True)
        assert codes[1] in first and codes[2] in first and codes[0] not in first
        import re

        cursor = re.search(r'setelah=([^&"]+)', first).group(1)
        second = officer.get(f"/petugas/?sort=due&setelah={cursor}").get_data(as_text=True)
        assert codes[0] in second and codes[1] not in second
    finally:
        queue.PAGE_SIZE = original


def test_merging_a_duplicate_moves_its_citizen_to_the_survivor(app):
    survivor, _ = road(app)
    duplicate, second_citizen = road(app, description="Ada lubang besar dekat balai desa.")
    officer = staff_client(app, "pupr")
    assert staff_post(officer, duplicate, "gabung", {"survivor": survivor.lower()}).status_code == 302
    merged = get_ticket(app, duplicate)
    assert merged.status == "closed" and merged.merged_into_id == get_ticket(app, survivor).id
    mine = second_citizen.get("/laporan-saya").get_data(as_text=True)
    assert survivor in mine and "dan digabung ke sana" in mine  # follows the survivor; was notified
    assert "digabung ke" in second_citizen.get(f"/laporan-saya/{duplicate}").get_data(as_text=True)
    assert staff_post(officer, survivor, "gabung", {"survivor": survivor}).status_code == 400


def test_supervisor_bulk_assigns_and_each_timeline_records_it(app):
    citizen = citizen_client(app)
    codes = [road(app, citizen, description=f"Kerusakan nomor {i} di jalan desa.")[0] for i in range(2)]
    officer = staff_client(app, "pupr")
    supervisor = staff_client(app, "pupr", "supervisor")
    ids = [str(get_ticket(app, code).id) for code in codes]
    token = csrf_token(supervisor, "/petugas/")
    response = supervisor.post(
        "/petugas/massal",
        data={"csrf_token": token, "tickets": ids, "action": "assign", "assignee": str(officer.staff_id)},
    )
    assert response.status_code == 302
    for code in codes:
        ticket = get_ticket(app, code)
        assert ticket.assignee_id == officer.staff_id and ticket.events[-1].kind == "assigned"
    assert (
        officer.post(
            "/petugas/massal",
            data={
                "csrf_token": csrf_token(officer, "/petugas/"),
                "tickets": ids,
                "action": "assign",
                "assignee": str(officer.staff_id),
            },
        ).status_code
        == 403
    )


def test_supervisor_bulk_forwards(app):
    citizen = citizen_client(app)
    code, _ = road(app, citizen)
    supervisor = staff_client(app, "pupr", "supervisor")
    with app.app_context():
        from suite.identity.models import Agency

        dishub = db.session.execute(select(Agency.id).where(Agency.code == "dishub")).scalar_one()
    token = csrf_token(supervisor, "/petugas/")
    supervisor.post(
        "/petugas/massal",
        data={
            "csrf_token": token,
            "tickets": [str(get_ticket(app, code).id)],
            "action": "forward",
            "agency": str(dishub),
            "reason": "Lampu jalan urusan Dishub.",
        },
    )
    assert get_ticket(app, code).agency.name == "Dinas Perhubungan"
    with app.app_context():
        assert db.session.execute(select(Notification).where(Notification.kind == "forwarded")).first()
