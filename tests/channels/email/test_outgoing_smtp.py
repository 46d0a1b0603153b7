"""Outgoing mail over a real SMTP conversation: the worker delivers the outbox to the mail
server, and keeps what it could not deliver for a later run."""

from __future__ import annotations

from email.utils import parseaddr

from sqlalchemy import update

from suite.database import utcnow
from suite.extensions import db
from suite.notify.models import OutboxMessage
from suite.notify.worker import run_once
from tests.channels.email.conftest import INTAKE, Sink, citizen_with_email, mail, send, tickets
from tests.helpers import outbox


def deliver(app):
    with app.app_context():
        result = run_once("email-test")
        db.session.remove()
        return result


def test_the_confirmation_goes_out_over_smtp_with_the_tracking_code(app, intake, sink):
    send(intake, mail(sender="budi@example.id", name="Budi"))
    [ticket] = tickets(app)
    assert deliver(app).sent == 1
    [message] = sink.to("budi@example.id")
    assert f"[{ticket.code}]" in message["Subject"]
    assert parseaddr(message["Reply-To"])[1] == INTAKE  # a reply comes back to the intake
    assert message["Auto-Submitted"] == "auto-generated"  # out-of-office responders stay quiet
    assert ticket.code in message.get_content()
    [sent] = outbox(app)
    assert sent.status == "sent" and sent.external_id == message["Message-ID"]


def test_a_citizen_answering_the_mail_adds_to_the_ticket(app, intake, sink):
    citizen_with_email(app, "siti@example.id")
    send(intake, mail(sender="siti@example.id"))
    deliver(app)
    [notice] = sink.to("siti@example.id")
    answer = mail(
        sender="siti@example.id",
        to=notice["Reply-To"],
        subject="Re: " + notice["Subject"],
        body="Sampahnya sudah diangkut sebagian, terima kasih.\n\n> " + notice.get_content(),
    )
    answer["In-Reply-To"] = notice["Message-ID"]
    send(intake, answer)
    [ticket] = tickets(app)
    assert (ticket.events[-1].kind, ticket.events[-1].body) == (
        "citizen_comment",
        "Sampahnya sudah diangkut sebagian, terima kasih.",
    )


def test_mail_the_server_cannot_take_now_stays_pending_and_goes_out_later(app, intake, smtp_settings):
    send(intake, mail(sender="budi@example.id"))
    [ticket] = tickets(app)
    result = deliver(app)  # nothing listens on the SMTP port yet
    assert (result.sent, result.retried) == (0, 1)
    [waiting] = outbox(app)
    assert (waiting.status, waiting.attempts) == ("pending", 1) and "SMTP" in waiting.last_error
    assert deliver(app).retried == 0  # backing off: not due yet
    sink = Sink(smtp_settings)
    sink.controller.start()
    try:
        with app.app_context():
            db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
            db.session.commit()
        assert deliver(app).sent == 1
        [message] = sink.to("budi@example.id")
        assert ticket.code in message["Subject"]
        [sent] = outbox(app)
        assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, None)
    finally:
        sink.controller.stop()
