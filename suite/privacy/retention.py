"""Retention: personal data is kept only as long as its purpose needs (UU 27/2022 art. 16(2)(f)).

``flask --app suite purge`` applies every period in ``RETENTION_*`` settings (reasons are in
``suite/config.py``). Each step is one set-based statement in its own transaction that finds only
what is still due, so a second run (or another host running the same command at the same time)
finds nothing more to do; files are removed after their rows are gone.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, null, or_, select, update
from sqlalchemy.engine import CursorResult, Result

from suite.database import utcnow, write_transaction
from suite.extensions import db


@dataclass
class PurgeReport:
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{name}: {count}" for name, count in self.counts.items()] + self.notes


def purge(now: datetime | None = None) -> PurgeReport:
    """Apply every retention period as of ``now``; commits each step on its own."""
    now = now or utcnow()
    config = current_app.config
    token_cutoff = now - timedelta(days=config["RETENTION_EXPIRED_TOKEN_DAYS"])
    report = PurgeReport()
    steps = [
        ("inbound messages", lambda: _inbound_messages(now, report)),
        ("sent message bodies", lambda: _outbox_bodies(now - timedelta(days=config["RETENTION_OUTBOX_BODY_DAYS"]))),
        (
            "expired held reports",
            lambda: _held_reports(now - timedelta(days=config["RETENTION_HELD_REPORT_GRACE_DAYS"])),
        ),
        ("expired citizen app tokens", lambda: _expired("suite.channels.models", "CitizenToken", token_cutoff)),
        ("ended sessions", lambda: _expired("suite.identity.models", "UserSession", token_cutoff)),
        ("password-reset links", lambda: _expired("suite.identity.models", "PasswordResetToken", token_cutoff)),
        ("phone codes", lambda: _expired("suite.identity.phone_confirmation", "PhoneCode", token_cutoff)),
        ("abandoned registrations", lambda: _abandoned_claims(token_cutoff)),
        ("sign-in failure counters", lambda: _old_throttles(now)),
        (
            "closed tickets' personal data",
            lambda: _closed_tickets(now - timedelta(days=365 * config["RETENTION_CLOSED_TICKET_YEARS"])),
        ),
    ]
    for name, step in steps:
        with write_transaction():  # each step in its own transaction: a later failure keeps what is done
            count = step()
        if count is not None:
            report.counts[name] = count
    return report


def _inbound_messages(now: datetime, report: PurgeReport) -> int | None:
    try:  # the channels own the rule for raw inbound messages
        from suite.channels.retention import purge_inbound_messages
    except ImportError:
        report.notes.append("inbound messages: suite.channels.retention not installed, skipped")
        return None
    return purge_inbound_messages(now)


def _outbox_bodies(cutoff: datetime) -> int:
    from suite.notify.models import OutboxMessage

    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status.in_(("sent", "failed")),
            OutboxMessage.created_at < cutoff,
            or_(OutboxMessage.body != "", OutboxMessage.subject.is_not(None)),
        )
        .values(body="", subject=None)
        .execution_options(synchronize_session=False)
    )
    return _count(result)


def _held_reports(cutoff: datetime) -> int:
    from suite.channels.models import HeldReport

    result = db.session.execute(
        delete(HeldReport).where(HeldReport.expires_at < cutoff).execution_options(synchronize_session=False)
    )
    return _count(result)


def _expired(module_path: str, name: str, cutoff: datetime) -> int | None:
    """Delete rows of a token-like table (``expires_at``, and ``revoked_at`` or ``used_at``) that
    stopped working before ``cutoff``. None when that table is not part of this installation."""
    model = getattr(importlib.import_module(module_path), name, None)
    if model is None:
        return None
    ended = [model.expires_at < cutoff]
    ended += [getattr(model, column) < cutoff for column in ("revoked_at", "used_at") if hasattr(model, column)]
    result = db.session.execute(delete(model).where(or_(*ended)).execution_options(synchronize_session=False))
    return _count(result)


def _abandoned_claims(cutoff: datetime) -> int:
    """A registration whose phone was never proved holds a name, NIK and password hash for nothing."""
    from suite.identity.verification import IdentityClaim

    result = db.session.execute(
        delete(IdentityClaim)
        .where(IdentityClaim.status == "pending_phone", IdentityClaim.created_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return _count(result)


def _old_throttles(now: datetime) -> int:
    """Failure counters the lock-out has forgotten anyway (no failure for a day, no lock running)."""
    from suite.identity.models import SignInThrottle

    forgotten = now - timedelta(seconds=current_app.config["SIGN_IN_FAILURE_MEMORY_SECONDS"])
    result = db.session.execute(
        delete(SignInThrottle)
        .where(
            SignInThrottle.last_failure_at < forgotten,
            or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < now),
        )
        .execution_options(synchronize_session=False)
    )
    return _count(result)


def _closed_tickets(cutoff: datetime) -> int:
    """Closed, rejected or referred tickets untouched since ``cutoff`` lose the reporter's contact
    details and their attachments; the ticket itself stays for statistics."""
    from suite.ticketing.lifecycle import TERMINAL_STATES
    from suite.ticketing.models import Attachment, Ticket

    old = (Ticket.status.in_(TERMINAL_STATES), Ticket.updated_at < cutoff)
    cleared = _count(
        db.session.execute(
            update(Ticket)
            .where(*old, Ticket.reporter.is_not(None))
            .values(reporter=null())
            .execution_options(synchronize_session=False)
        )
    )
    attachments = db.session.execute(
        select(Attachment.id, Attachment.stored_name)
        .join(Ticket)
        .where(*old)
        .with_for_update(of=Attachment, skip_locked=True)
    ).all()
    remove_attachments(attachments)
    return cleared + len(attachments)


def _count(result: Result) -> int:
    """How many rows an UPDATE or DELETE touched (its result is a CursorResult)."""
    return cast(CursorResult, result).rowcount or 0


def remove_attachments(rows) -> None:
    """Delete attachment rows (id, stored_name); their files go once the transaction commits."""
    from sqlalchemy import event

    from suite.ticketing.attachments import discard
    from suite.ticketing.models import Attachment

    if not rows:
        return
    db.session.execute(
        delete(Attachment)
        .where(Attachment.id.in_([row[0] for row in rows]))
        .execution_options(synchronize_session=False)
    )
    names = [row[1] for row in rows]
    # Only after the commit: a rolled-back purge must not leave rows pointing at missing files.
    event.listen(db.session(), "after_commit", lambda _session: discard(names), once=True)


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Apply the retention periods (SUITE_RETENTION_*); safe to run daily on several hosts."""
    for line in purge().lines():
        click.echo(line)
