"""Concurrent changes to one ticket: every accepted change is on the timeline, none is lost.

Runs on whichever database the suite runs on (SQLite with BEGIN IMMEDIATE, PostgreSQL with
SELECT ... FOR UPDATE); .ci/run runs it on both.
"""

import threading

from sqlalchemy import select

from suite.extensions import db
from suite.ticketing.models import Ticket
from tests.conftest import csrf_token
from tests.helpers import gen_citizen, gen_staff, login_citizen, login_staff, lorong_fields, submit, ticket_code_from

THREADS = 8
NOTES_PER_THREAD = 3


def test_concurrent_transitions_and_notes_lose_nothing(app):
    citizen = app.test_client()
    _, nik, _ = gen_citizen(app)
    login_citizen(citizen, nik)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))

    clients = []
    for _ in range(THREADS):
        _, email = gen_staff(app, "pupr")
        client = app.test_client()
        login_staff(client, email)
        clients.append((client, csrf_token(client, f"/petugas/tiket/{code}")))

    barrier = threading.Barrier(THREADS)
    outcomes: list[tuple[str, int]] = []
    lock = threading.Lock()

    def work(index: int):
        client, token = clients[index]
        barrier.wait()
        results = []
        # Every thread races to verify the ticket; exactly one may win.
        response = client.post(f"/petugas/tiket/{code}/status", data={"csrf_token": token, "status": "verified"})
        results.append(("verify", response.status_code))
        for n in range(NOTES_PER_THREAD):
            response = client.post(
                f"/petugas/tiket/{code}/tanggapan",
                data={"csrf_token": token, "body": f"catatan {index}-{n}", "visibility": "internal"},
            )
            results.append(("note", response.status_code))
        with lock:
            outcomes.extend(results)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    verifies = [status for kind, status in outcomes if kind == "verify"]
    notes = [status for kind, status in outcomes if kind == "note"]
    assert sorted(verifies) == [302] + [409] * (THREADS - 1)
    assert notes == [302] * (THREADS * NOTES_PER_THREAD)
    with app.app_context():
        ticket = db.session.execute(select(Ticket).where(Ticket.code == code)).scalar_one()
        kinds = [e.kind for e in ticket.events]
        assert kinds.count("status_changed") == 1
        assert kinds.count("internal_note") == THREADS * NOTES_PER_THREAD
        assert sorted(e.body for e in ticket.events if e.kind == "internal_note") == sorted(
            f"catatan {i}-{n}" for i in range(THREADS) for n in range(NOTES_PER_THREAD)
        )
        assert ticket.status == "verified"
        assert ticket.event_count == len(ticket.events)  # the atomic counter lost no increment
