"""The outbox worker: ``flask --app suite worker``.

Several workers may run at once: each claims a batch (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite's write lock serialises claims), marks it ``sending`` with a lease, sends,
then records the outcome only if it still holds the claim. A worker killed mid-delivery leaves
its claim to expire and another worker sends the message. Delivery is at least once: a crash
between the provider's acceptance and the commit can repeat one message, never lose it.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from suite.database import utcnow, write_transaction
from suite.extensions import db
from suite.notify.models import OutboxMessage
from suite.notify.senders import PERSISTENT_KINDS, SENDERS, DeliveryError
from suite.operations.outage import close_session
from suite.operations.retrying import beat_safely

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BATCH = 20


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min ... capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


@dataclass
class RunResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(worker: str, limit: int = BATCH) -> list[int]:
    """Claim up to ``limit`` due messages for ``worker`` (committed at once, so other workers skip them)."""
    now = utcnow()
    due = or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now),
    )
    with write_transaction():
        ids = list(
            db.session.execute(
                select(OutboxMessage.id)
                .where(due)
                .order_by(OutboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).scalars()
        )
        if ids:
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids))
                .values(status="sending", claimed_by=worker, claimed_until=now + LEASE)
            )
    return ids


def deliver(message_id: int, worker: str) -> str:
    """Send one claimed message and record the outcome in a write of its own: sent, retried or failed."""
    message = db.session.get_one(OutboxMessage, message_id)  # claimed rows are never deleted
    unproven = _to_unconfirmed_phone(message)
    db.session.commit()  # end the read; sending may take a while and must hold no lock
    if unproven:
        return _finish_failed(message, worker, DeliveryError("phone not confirmed: dropped", permanent=True))
    try:
        external_id = SENDERS[message.channel](message)
    except DeliveryError as error:
        return _finish_failed(message, worker, error)
    except Exception as error:  # a sender bug must not kill the worker or lose the message
        return _finish_failed(message, worker, DeliveryError(f"{type(error).__name__}: {error}"))
    with write_transaction():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == worker)
            .values(status="sent", sent_at=utcnow(), external_id=external_id, claimed_until=None, last_error=None)
        )
    return "sent"


def _to_unconfirmed_phone(message: OutboxMessage) -> bool:
    """Issue 9, item 5: news of a ticket never goes to a phone its citizen has not proven (a row
    queued before the rule, or by a path that forgot it); it is dropped, the web inbox has it.
    Replies to a number that just wrote to us carry no ticket and still go."""
    if message.ticket_id is None or message.citizen_id is None or message.channel not in ("sms", "whatsapp"):
        return False
    from suite.identity.models import Citizen

    citizen = db.session.get(Citizen, message.citizen_id)
    return citizen is not None and citizen.phone == message.recipient and citizen.phone_confirmed_at is None


def _finish_failed(message: OutboxMessage, worker: str, error: DeliveryError) -> str:
    attempts = message.attempts + 1
    final = error.permanent or (attempts >= MAX_ATTEMPTS and message.channel not in PERSISTENT_KINDS)
    with write_transaction():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == worker)
            .values(
                status="failed" if final else "pending",
                attempts=attempts,
                last_error=str(error)[:2000],
                claimed_until=None,
                next_attempt_at=utcnow() + backoff(attempts),
            )
        )
    return "failed" if final else "retried"


def run_once(worker: str | None = None, limit: int = BATCH) -> RunResult:
    worker = worker or worker_id()
    result = RunResult()
    for message_id in claim(worker, limit):
        outcome = deliver(message_id, worker)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def run_forever(idle_seconds: float = 2.0, stop=lambda: False, sleep=time.sleep) -> None:
    """Deliver until ``stop()``; a round the database refuses (unreachable, read-only, too slow) is
    logged in one line and retried after a growing pause, never the end of the worker (issue 13, item 7).

    The heartbeat (check-deploy reads it) is written after a round at most every
    ``WORKER_HEARTBEAT_SECONDS``, with the error of a failed round; a beat that fails is skipped."""
    from suite.operations.retrying import Backoff

    worker = worker_id()
    pause = Backoff.from_config()
    last_beat = float("-inf")
    while not stop():
        error: Exception | None = None
        try:
            result = run_once(worker)
            close_session()  # a connection lost after the round's last write must not end the worker
        except Exception as failure:  # noqa: BLE001 (the worker outlives any one round; see retrying)
            error = failure
            wait = pause.failed(error, "outbox worker")  # rolls back, or drops a dead connection quietly
        else:
            pause.succeeded("outbox worker")
            wait = 0.0 if (result.sent or result.retried or result.failed) else idle_seconds
        db.session.remove()
        if error is not None or time.monotonic() - last_beat >= current_app.config["WORKER_HEARTBEAT_SECONDS"]:
            if beat_safely("worker", error):
                last_beat = time.monotonic()
        if wait:
            sleep(wait)
