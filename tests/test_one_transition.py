"""One transition (issue 10, item 1): every way a ticket's status changes is checked by the lifecycle,
recorded on the timeline and announced by ``status_changed``, once; and the guard that watches the
whole test run notices a status written anywhere else."""

from __future__ import annotations

import os
from datetime import timedelta

from sqlalchemy import select

from suite.extensions import db
from suite.ticketing import signals
from suite.ticketing.models import Ticket
from tests import status_guard
from tests.helpers import (
    citizen_client,
    citizen_post,
    get_ticket,
    lorong_fields,
    set_ticket,
    staff_client,
    staff_photo,
    staff_post,
    submit,
    ticket_code_from,
)

SUITE_DIR = os.path.join(os.path.dirname(status_guard.TESTS_DIR), "suite")


class Moves(list):
    """Every ``status_changed`` sent while it is connected: (code, previous, status, event kind, actor)."""

    def __call__(self, ticket, previous=None, event=None, staff=None, citizen=None, **_kwargs):
        actor = "staff" if staff else ("citizen" if citizen else "system")
        self.append((ticket.code, previous, ticket.status, event.kind, actor))


def watch_moves():
    moves = Moves()
    signals.status_changed.connect(moves, weak=False)
    return moves


def resolved(app):
    citizen, officer = citizen_client(app), staff_client(app, "pupr")
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y")))
    assert staff_photo(officer, code).status_code == 302  # a road is resolved with an after photo
    for target in ("verified", "in_progress", "resolved"):
        assert staff_post(officer, code, "status", {"status": target}).status_code == 302
    return code, citizen, officer


def test_staff_moves_a_reopening_a_merge_and_the_sweep_all_announce_the_change(app, runner):
    moves = watch_moves()
    try:
        code, citizen, officer = resolved(app)
        reopened = citizen_post(
            citizen, f"/laporan-saya/{code}/buka-kembali", {"reason": "Lubangnya muncul lagi."}, f"/laporan-saya/{code}"
        )
        assert reopened.status_code == 302
        duplicate = ticket_code_from(
            submit(
                citizen,
                "lorong",
                lorong_fields(not_duplicate="y", description="Lubang yang sama lagi, belum ditambal."),
            )
        )
        assert staff_post(officer, duplicate, "gabung", {"survivor": code}).status_code == 302
        closing, _, _ = resolved(app)
        set_ticket(app, closing, resolved_at=get_ticket(app, closing).resolved_at - timedelta(days=8))
        assert "1 closed" in runner.invoke(args=["sla-sweep"]).output
    finally:
        signals.status_changed.disconnect(moves)
    assert moves == [
        (code, "submitted", "verified", "status_changed", "staff"),
        (code, "verified", "in_progress", "status_changed", "staff"),
        (code, "in_progress", "resolved", "status_changed", "staff"),
        (code, "resolved", "in_progress", "reopened", "citizen"),
        (duplicate, "submitted", "closed", "merged", "staff"),
        (closing, "submitted", "verified", "status_changed", "staff"),
        (closing, "verified", "in_progress", "status_changed", "staff"),
        (closing, "in_progress", "resolved", "status_changed", "staff"),
        (closing, "resolved", "closed", "status_changed", "system"),
    ]
    # each move is one public timeline event with its from and to
    timeline = [(e.kind, e.from_status, e.to_status) for e in get_ticket(app, code).events if e.to_status]
    assert timeline[-1] == ("reopened", "resolved", "in_progress")
    assert get_ticket(app, code).resolved_at is None  # reopened: no longer resolved


def test_a_move_the_lifecycle_does_not_allow_is_refused_and_announces_nothing(app):
    moves = watch_moves()
    try:
        citizen, officer = citizen_client(app), staff_client(app, "pupr")
        code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
        refused = staff_post(officer, code, "status", {"status": "resolved"})
    finally:
        signals.status_changed.disconnect(moves)
    assert refused.status_code == 409 and moves == []
    assert get_ticket(app, code).status == "submitted"


def test_the_guard_notices_a_status_written_outside_the_transition(app):
    code = ticket_code_from(submit(citizen_client(app), "lorong", lorong_fields()))
    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        # As if a file of the application wrote it: the guard looks at who wrote the status.
        exec(compile("ticket.status = 'closed'", os.path.join(SUITE_DIR, "elsewhere.py"), "exec"), {"ticket": ticket})
        db.session.rollback()
    noticed, status_guard.changes_outside[:] = list(status_guard.changes_outside), []
    assert len(noticed) == 1 and "'submitted' -> 'closed'" in noticed[0] and "elsewhere.py" in noticed[0]
