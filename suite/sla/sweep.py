"""The escalation sweep: ``flask --app suite sla-sweep``, safe every minute and from several hosts.

Each stage of each target on each ticket is recorded once (a unique row, inserted with
ON CONFLICT DO NOTHING): whichever sweep inserts it sends the notifications, any other sweep
running at the same moment finds it there and does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from suite.database import utcnow
from suite.extensions import db
from suite.identity.directory import active_staff_ids, with_parents
from suite.notify.services import notify_staff
from suite.sla import policy
from suite.sla.models import SlaEscalation
from suite.ticketing import lifecycle, signals, transitions
from suite.ticketing.models import Ticket

DUE_SOON_MAX_MINUTES = 60
DUE_SOON_SHARE = 0.25  # warn when a quarter of the target (at most an hour) is left


@dataclass
class SweepResult:
    due_soon: list[str] = field(default_factory=list)
    breached: list[str] = field(default_factory=list)
    auto_closed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.due_soon)} due soon, {len(self.breached)} breached, "
            f"{len(self.auto_closed)} closed after the reopen window"
        )


def sweep(now=None) -> SweepResult:
    now = now or utcnow()
    result = SweepResult()
    horizon = now + timedelta(minutes=DUE_SOON_MAX_MINUTES)
    candidates = (
        db.session.execute(
            select(Ticket)
            .where(
                Ticket.status.in_(lifecycle.OPEN_STATES),
                Ticket.merged_into_id.is_(None),
                or_(
                    and_(Ticket.first_response_at.is_(None), Ticket.first_response_due_at <= horizon),
                    and_(Ticket.status == lifecycle.SUBMITTED, Ticket.verification_due_at <= horizon),
                    Ticket.resolution_due_at <= horizon,
                ),
            )
            .order_by(Ticket.id)
        )
        .scalars()
        .all()
    )
    for ticket in candidates:
        target = policy.target_for_ticket(ticket)
        checks = [("resolution", ticket.resolution_due_at, target.resolution_minutes)]
        if ticket.status == lifecycle.SUBMITTED:
            checks.insert(0, ("verification", ticket.verification_due_at, target.verification_minutes))
        if ticket.first_response_at is None:
            checks.insert(0, ("first_response", ticket.first_response_due_at, target.first_response_minutes))
        for name, due_at, minutes in checks:
            stage = _stage(now, due_at, minutes)
            if stage and _record_once(ticket.id, name, stage):
                _notify(ticket, name, stage)
                (result.breached if stage == "breached" else result.due_soon).append(f"{ticket.code}:{name}")
    _close_after_reopen_window(now, result)
    return result


def _stage(now, due_at, minutes) -> str | None:
    if due_at is None:
        return None
    if now >= due_at:
        return "breached"
    if now >= due_at - timedelta(minutes=min(DUE_SOON_MAX_MINUTES, minutes * DUE_SOON_SHARE)):
        return "due_soon"
    return None


def _record_once(ticket_id: int, target: str, stage: str) -> bool:
    # Both dialects spell "insert unless the unique key exists" alike, from different classes.
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement: postgresql.Insert | sqlite.Insert = insert(SlaEscalation).values(
        ticket_id=ticket_id, target=target, stage=stage, created_at=utcnow()
    )
    statement = statement.on_conflict_do_nothing(index_elements=["ticket_id", "target", "stage"])
    return db.session.execute(statement.returning(SlaEscalation.id)).first() is not None


def _notify(ticket: Ticket, target: str, stage: str) -> None:
    recipients = [ticket.assignee_id] if ticket.assignee_id else _agency_staff(ticket, "officer")
    if stage == "breached":
        recipients += _agency_staff(ticket, "supervisor")
    with force_locale("id"):
        label = {"first_response": _("tanggapan pertama"), "verification": _("verifikasi")}.get(target) or _(
            "penyelesaian"
        )
        body = (
            _("Tiket %(code)s melewati target %(target)s.", code=ticket.code, target=label)
            if stage == "breached"
            else _("Target %(target)s tiket %(code)s segera berakhir.", code=ticket.code, target=label)
        )
    notify_staff(recipients, ticket, f"sla_{target}_{stage}", body)
    if stage == "breached":  # an escalation: staff who chose to hear of it off-screen do (issue 12)
        signals.ticket_escalated.send(ticket, target=target, label=label, staff_ids=sorted(set(recipients)))


def _agency_staff(ticket: Ticket, role: str) -> list[int]:
    # supervisors of a parent agency (Dinkes over a puskesmas) are told too
    return active_staff_ids(with_parents(ticket.agency), roles=[role])


def _close_after_reopen_window(now, result: SweepResult) -> None:
    limit = now - timedelta(days=lifecycle.REOPEN_WINDOW_DAYS)
    stale = (
        db.session.execute(
            select(Ticket)
            .where(Ticket.status == lifecycle.RESOLVED, Ticket.resolved_at < limit)
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    for ticket in stale:
        with force_locale("id"):
            body = _("Ditutup otomatis: tidak dibuka kembali dalam 7 hari setelah selesai.")
        transitions.move(ticket, lifecycle.CLOSED, verb=lifecycle.AUTO_CLOSE, body=body)
        result.auto_closed.append(ticket.code)
