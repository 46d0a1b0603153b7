"""``flask --app suite sla-sweep``: flags tickets near or past their targets, tells the right
people once, and is safe to run twice at the same moment."""

import threading
from datetime import timedelta

from sqlalchemy import func, select

from suite.extensions import db
from suite.notify.models import Notification
from suite.sla.models import SlaEscalation
from tests.helpers import (
    citizen_client,
    get_ticket,
    lorong_fields,
    set_ticket,
    staff_client,
    staff_photo,
    staff_post,
    submit,
    ticket_code_from,
)


def overdue_ticket(app, hours_late=1):
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields(not_duplicate="y")))
    ticket = get_ticket(app, code)
    shift = (ticket.first_response_due_at - ticket.created_at) + timedelta(hours=hours_late)
    set_ticket(
        app,
        code,
        created_at=ticket.created_at - shift,
        first_response_due_at=ticket.first_response_due_at - shift,
        resolution_due_at=ticket.resolution_due_at - shift,
    )
    return code, citizen


def notifications(app, kind_prefix="sla_"):
    with app.app_context():
        return db.session.execute(
            select(Notification.recipient_id, Notification.kind).where(Notification.kind.like(f"{kind_prefix}%"))
        ).all()


def test_sweep_flags_a_breach_and_tells_the_assignee_and_the_supervisor(app, runner):
    officer, supervisor = staff_client(app, "pupr"), staff_client(app, "pupr", "supervisor")
    code, _ = overdue_ticket(app)
    staff_post(officer, code, "tugaskan", {"assignee": str(officer.staff_id)})
    result = runner.invoke(args=["sla-sweep"])
    assert result.exit_code == 0 and "1 breached" in result.output, result.output
    assert sorted(notifications(app)) == sorted(
        [(officer.staff_id, "sla_first_response_breached"), (supervisor.staff_id, "sla_first_response_breached")]
    )
    assert code in officer.get("/petugas/?overdue=1").get_data(as_text=True)
    assert "melewati target tanggapan pertama" in supervisor.get("/petugas/").get_data(as_text=True)
    again = runner.invoke(args=["sla-sweep"])
    assert "0 due soon, 0 breached" in again.output
    assert len(notifications(app)) == 2


def test_a_ticket_about_to_breach_is_flagged_due_soon(app, runner):
    officer = staff_client(app, "pupr")
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    ticket = get_ticket(app, code)
    shift = (ticket.first_response_due_at - ticket.created_at) - timedelta(minutes=30)
    set_ticket(
        app, code, created_at=ticket.created_at - shift, first_response_due_at=ticket.first_response_due_at - shift
    )
    result = runner.invoke(args=["sla-sweep"])
    assert "1 due soon" in result.output
    assert notifications(app) == [(officer.staff_id, "sla_first_response_due_soon")]


def test_an_answered_ticket_is_not_flagged_for_first_response(app, runner):
    officer = staff_client(app, "pupr")
    code, _ = overdue_ticket(app)
    staff_post(officer, code, "tanggapan", {"body": "Sedang kami jadwalkan.", "visibility": "public"})
    assert "0 breached" in runner.invoke(args=["sla-sweep"]).output


def test_internal_note_does_not_count_as_a_response(app, runner):
    officer = staff_client(app, "pupr")
    code, _ = overdue_ticket(app)
    staff_post(officer, code, "tanggapan", {"body": "Cek anggaran dulu.", "visibility": "internal"})
    assert get_ticket(app, code).first_response_at is None
    assert "1 breached" in runner.invoke(args=["sla-sweep"]).output


def test_two_sweeps_at_the_same_moment_notify_once(app):
    from suite.database import begin_write
    from suite.sla.sweep import sweep

    staff_client(app, "pupr")
    staff_client(app, "pupr", "supervisor")
    codes = [overdue_ticket(app)[0] for _ in range(3)]
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                begin_write()
                sweep()
                db.session.commit()
                db.session.remove()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with app.app_context():
        escalations = db.session.execute(select(func.count(SlaEscalation.id))).scalar_one()
    assert escalations == len(codes)  # first response breached, once per ticket
    # one officer and one supervisor per ticket, never twice
    assert len(notifications(app)) == 2 * len(codes)


def test_resolved_ticket_closes_after_the_reopen_window(app, runner):
    officer = staff_client(app, "pupr")
    citizen = citizen_client(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    assert staff_photo(officer, code).status_code == 302  # a road is resolved with an after photo
    for target in ("verified", "in_progress", "resolved"):
        staff_post(officer, code, "status", {"status": target})
    set_ticket(app, code, resolved_at=get_ticket(app, code).resolved_at - timedelta(days=8))
    assert "1 closed" in runner.invoke(args=["sla-sweep"]).output
    assert get_ticket(app, code).status == "closed"


def test_unverified_ticket_breaches_its_verification_target(app, runner):
    officer = staff_client(app, "pupr")
    code, _ = overdue_ticket(app)
    staff_post(officer, code, "tanggapan", {"body": "Kami catat, akan diverifikasi.", "visibility": "public"})
    ticket = get_ticket(app, code)
    set_ticket(app, code, verification_due_at=ticket.created_at + timedelta(minutes=1))
    result = runner.invoke(args=["sla-sweep"])
    assert "1 breached" in result.output
    assert "verification" in {kind.split("_")[1] for _, kind in notifications(app)}
    assert code in officer.get("/petugas/?overdue=1").get_data(as_text=True)
    staff_post(officer, code, "status", {"status": "verified"})
    assert code not in officer.get("/petugas/?overdue=1").get_data(as_text=True).split("<table")[1]
