"""The notification outbox: written with the change, delivered by the worker, never lost."""

import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from suite.database import utcnow
from suite.extensions import db
from suite.notify import worker
from suite.notify.models import OutboxMessage
from tests.conftest import csrf_token
from tests.helpers import citizen_client, lorong_fields, outbox, staff_client, staff_post, submit, ticket_code_from


def sms_citizen(app):
    client = citizen_client(app)
    token = csrf_token(client, "/akun/pengaturan")
    assert client.post("/akun/pengaturan", data={"csrf_token": token, "preferred_channel": "sms"}).status_code == 302
    return client


def run(app, name="w1"):
    with app.app_context():
        result = worker.run_once(name)
        db.session.remove()
        return result


def test_a_status_change_writes_the_message_with_it_and_the_worker_sends_it(app, gateway):
    citizen = sms_citizen(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    officer = staff_client(app, "pupr")
    assert outbox(app) == []  # made on the web: the code is on screen already
    staff_post(officer, code, "status", {"status": "verified", "note": "Tim survei berangkat besok."})
    [message] = outbox(app)
    assert message.channel == "sms" and message.recipient.startswith("+62") and code in message.body
    assert run(app).sent == 1
    assert gateway.sent == [{"to": message.recipient, "text": message.body}]
    assert outbox(app)[0].status == "sent" and outbox(app)[0].external_id == "sms-1"


def test_a_refused_change_writes_no_message(app, gateway):
    citizen = sms_citizen(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    officer = staff_client(app, "pupr")
    assert staff_post(officer, code, "status", {"status": "closed"}).status_code == 409
    assert outbox(app) == []


def test_internal_notes_are_never_sent(app, gateway):
    citizen = sms_citizen(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    staff_post(staff_client(app, "pupr"), code, "tanggapan", {"body": "Catatan rahasia.", "visibility": "internal"})
    assert outbox(app) == []


def test_gateway_failure_is_retried_with_backoff_and_then_sent(app, gateway):
    citizen = sms_citizen(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    staff_post(staff_client(app, "pupr"), code, "tanggapan", {"body": "Sedang kami jadwalkan.", "visibility": "public"})
    gateway.fail_with = 503
    assert run(app).retried == 1
    [message] = outbox(app)
    assert message.status == "pending" and message.attempts == 1 and "503" in message.last_error
    assert message.next_attempt_at > utcnow() + timedelta(seconds=20)
    assert run(app).sent == 0  # not due yet
    gateway.fail_with = None
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
    assert run(app).sent == 1 and len(gateway.sent) == 1


def test_a_permanent_refusal_is_recorded_as_failed(app, gateway):
    citizen = sms_citizen(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    staff_post(staff_client(app, "pupr"), code, "tanggapan", {"body": "Baik.", "visibility": "public"})
    gateway.fail_with = 400
    assert run(app).failed == 1
    assert outbox(app)[0].status == "failed"


def test_a_worker_killed_mid_delivery_loses_nothing(app, gateway):
    citizen = sms_citizen(app)
    code = ticket_code_from(submit(citizen, "lorong", lorong_fields()))
    staff_post(staff_client(app, "pupr"), code, "tanggapan", {"body": "Baik.", "visibility": "public"})
    with app.app_context():
        claimed = worker.claim("dead-worker")  # claims, then "dies" before sending
        db.session.remove()
    assert len(claimed) == 1 and run(app, "w2").sent == 0  # still leased to the dead worker
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(claimed_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert run(app, "w2").sent == 1 and len(gateway.sent) == 1


def test_several_workers_send_each_message_exactly_once(app, gateway):
    with app.app_context():
        for n in range(30):
            db.session.add(OutboxMessage(channel="sms", recipient=f"+62812000{n:05d}", body=f"pesan {n}"))
        db.session.commit()
    barrier = threading.Barrier(3)

    def drain(name):
        barrier.wait()
        while True:
            with app.app_context():
                result = worker.run_once(name, limit=4)
                db.session.remove()
            if not (result.sent or result.retried or result.failed):
                return

    threads = [threading.Thread(target=drain, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    texts = sorted(m["text"] for m in gateway.sent)
    assert texts == sorted(f"pesan {n}" for n in range(30))
    with app.app_context():
        assert db.session.execute(select(func.count()).where(OutboxMessage.status == "sent")).scalar_one() == 30


def test_worker_command_reports_what_it_did(app, gateway, runner):
    with app.app_context():
        db.session.add(OutboxMessage(channel="sms", recipient="+6281200000001", body="halo"))
        db.session.commit()
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0 and "1 sent" in result.output


def test_health_news_never_leaves_the_account(app, gateway):
    from datetime import date

    mother = sms_citizen(app)
    response = submit(
        mother,
        "babhar",
        {
            "last_period_date": (date.today() - timedelta(days=60)).isoformat(),
            "gravida": "1",
            "para": "0",
            "abortus": "0",
            "consent": "y",
        },
    )
    code = ticket_code_from(response)
    midwife = staff_client(app, "pkm-tlanakan")  # the mother lives in Dabuan, Puskesmas Tlanakan's area
    staff_post(
        midwife, code, "tanggapan", {"body": "Tekanan darah Ibu tinggi, segera periksa.", "visibility": "public"}
    )
    [message] = outbox(app)
    assert "Silakan periksa akun Anda" in message.body and "Tekanan darah" not in message.body
