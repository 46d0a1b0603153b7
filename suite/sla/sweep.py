"""The escalation sweep: ``flask --app suite sla-sweep``, safe every minute and from several hosts.

Each stage of each target on each ticket is recorded once (a unique row): one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING`` per target and stage picks the tickets in
SQL, their targets resolved there too, and returns only the rows it inserted. Whichever sweep inserts
a row sends its notifications; a sweep running at the same moment finds it there and does nothing.

A run records at most ``SLA_SWEEP_BATCH`` stages and closes at most ``SLA_SWEEP_CLOSE_BATCH``
tickets, so a first run on a backlog (a service that never swept, or a sweep down for a week) stays
within the minute: due-soon warnings first, then breaches, the most recently due first (the ones
someone can still act on); the rest follows in the next runs, and the output says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, exists, false, literal, or_, select, text, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from suite.database import UTCDateTime, utcnow
from suite.extensions import db
from suite.identity.directory import active_staff, with_parents
from suite.identity.models import Agency, Staff
from suite.notify import staff_preferences
from suite.notify.services import notify_staff_many
from suite.sla.models import SlaEscalation, SlaTarget
from suite.sla.target_sql import target_minutes
from suite.ticketing import lifecycle, signals, transitions
from suite.ticketing.models import Ticket

DUE_SOON_MAX_MINUTES = 60
DUE_SOON_SHARE = 0.25  # warn when a quarter of the target (at most an hour) is left
# A target this long warns the full hour ahead (a quarter of it is at least the hour).
FULL_LEAD_MINUTES = DUE_SOON_MAX_MINUTES / DUE_SOON_SHARE
ANALYZE_AFTER = 200  # rows recorded in one run: a backlog (a minute's new stages are a handful)
ID_CHUNK = 1000  # ids per IN list: far below PostgreSQL's 65,535 parameters


@dataclass(frozen=True)
class _Target:
    name: str  # as stored in sla_escalations.target
    minutes: str  # the SlaTarget column
    due: Any  # the ticket's deadline column
    applies: ColumnElement[bool]  # the deadline still counts for the ticket


def _targets() -> list[_Target]:
    return [
        _Target(
            "first_response", "first_response_minutes", Ticket.first_response_due_at, Ticket.first_response_at.is_(None)
        ),
        _Target(
            "verification", "verification_minutes", Ticket.verification_due_at, Ticket.status == lifecycle.SUBMITTED
        ),
        _Target("resolution", "resolution_minutes", Ticket.resolution_due_at, true()),
    ]


@dataclass
class SweepResult:
    due_soon: list[str] = field(default_factory=list)
    breached: list[str] = field(default_factory=list)
    auto_closed: list[str] = field(default_factory=list)
    more: bool = False  # a batch limit was reached: the next run continues

    def __str__(self) -> str:
        line = (
            f"{len(self.due_soon)} due soon, {len(self.breached)} breached, "
            f"{len(self.auto_closed)} closed after the reopen window"
        )
        return line + ("; batch limit reached, the rest next run" if self.more else "")


def sweep(now: datetime | None = None) -> SweepResult:
    now = now or utcnow()
    result = SweepResult()
    budget = int(current_app.config["SLA_SWEEP_BATCH"])
    recorded: list[tuple[int, str, str]] = []
    for stage in ("due_soon", "breached"):  # warnings first: they are worth something only now
        for target in _targets():
            if budget <= 0:
                result.more = True
                break
            ids = _record(target, stage, now, budget)
            recorded += [(ticket_id, target.name, stage) for ticket_id in ids]
            budget -= len(ids)
            result.more = result.more or budget <= 0
    if len(recorded) >= ANALYZE_AFTER and db.engine.dialect.name == "postgresql":
        # A backlog grows the table by thousands of rows a minute, faster than autovacuum refreshes
        # its statistics: planned as if empty, the next run's anti-join took 5 s instead of 0.1 s.
        db.session.execute(text("ANALYZE sla_escalations"))
    _notify_all(recorded, result)
    _close_after_reopen_window(now, result)
    return result


def _record(target: _Target, stage: str, now: datetime, limit: int) -> list[int]:
    """Insert the stage for up to ``limit`` tickets that reached it; the ids of those inserted."""
    recorded = aliased(SlaEscalation)
    reached = [target.due <= now] if stage == "breached" else [target.due > now, _due_soon(target, now)]
    chosen = (
        select(Ticket.id, literal(target.name), literal(stage), literal(utcnow(), UTCDateTime()))
        .where(
            Ticket.status.in_(lifecycle.OPEN_STATES),
            Ticket.merged_into_id.is_(None),
            target.applies,
            *reached,
            ~exists().where(recorded.ticket_id == Ticket.id, recorded.target == target.name, recorded.stage == stage),
        )
        .order_by(target.due.desc(), Ticket.id)
        .limit(limit)
    )
    # Both dialects spell "insert unless the unique key exists" alike, from different classes.
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(SlaEscalation)
        .from_select(["ticket_id", "target", "stage", "created_at"], chosen)
        .on_conflict_do_nothing(index_elements=["ticket_id", "target", "stage"])
        .returning(SlaEscalation.ticket_id)
    )
    return list(db.session.execute(statement).scalars())


def _due_soon(target: _Target, now: datetime) -> ColumnElement[bool]:
    """Within the warning lead of the ticket's own target: a quarter of it, at most an hour. The lead
    takes one value per distinct target length, so each is a plain comparison with the due time."""
    minutes = target_minutes(target.minutes)
    lengths = set(db.session.execute(select(getattr(SlaTarget, target.minutes)).distinct()).scalars())
    short = sorted(m for m in lengths if m < FULL_LEAD_MINUTES)
    return and_(
        target.due <= now + timedelta(minutes=DUE_SOON_MAX_MINUTES),
        (minutes >= FULL_LEAD_MINUTES)
        | _any(and_(minutes == m, target.due <= now + timedelta(minutes=m * DUE_SOON_SHARE)) for m in short),
    )


def _any(conditions: Iterable[ColumnElement[bool]]) -> ColumnElement[bool]:
    return or_(false(), *conditions)


def _notify_all(recorded: list[tuple[int, str, str]], result: SweepResult) -> None:
    """Tell the staff of each recorded stage, with the people and their choices loaded once."""
    if not recorded:
        return
    tickets: dict[int, Ticket] = {}
    ids = sorted({ticket_id for ticket_id, _target, _stage in recorded})
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        tickets.update((t.id, t) for t in db.session.execute(select(Ticket).where(Ticket.id.in_(chunk))).scalars())
    people = _People(tickets.values())
    notices = []
    with db.session.no_autoflush, staff_preferences.batch("escalated", people.ids()):
        for ticket_id, target, stage in sorted(recorded):
            ticket = tickets[ticket_id]
            notices.append(_notify(ticket, target, stage, people))
            (result.breached if stage == "breached" else result.due_soon).append(f"{ticket.code}:{target}")
    notify_staff_many(notices)


class _People:
    """The staff a run may tell, loaded in three queries whatever the number of tickets: every
    agency, the active officers and supervisors of the
    tickets' agencies and those above them, and the assignees. Held for the run, so the signal's
    listeners find them in the session without a query."""

    def __init__(self, tickets: Iterable[Ticket]):
        tickets = list(tickets)
        # Every agency in the session: walking up ``parent`` below then costs no query.
        self.agencies = {a.id: a for a in db.session.execute(select(Agency)).scalars()}
        self.chains = {
            agency_id: sorted(with_parents(self.agencies[agency_id]))
            for agency_id in {t.agency_id for t in tickets}
            if agency_id in self.agencies
        }
        watched = set().union(*self.chains.values()) if self.chains else set()
        self.by_role: dict[tuple[int | None, str], list[Staff]] = defaultdict(list)
        for person in active_staff(sorted(watched), ("officer", "supervisor")):
            self.by_role[(person.agency_id, person.role)].append(person)
        assignees = sorted({t.assignee_id for t in tickets if t.assignee_id})
        self.assignees = {
            s.id: s
            for start in range(0, len(assignees), ID_CHUNK)
            for s in db.session.execute(
                select(Staff).where(Staff.id.in_(assignees[start : start + ID_CHUNK]))
            ).scalars()
        }

    def of(self, ticket: Ticket, role: str) -> list[int]:
        return [p.id for agency_id in self.chains.get(ticket.agency_id, []) for p in self.by_role[(agency_id, role)]]

    def ids(self) -> set[int]:
        return {p.id for group in self.by_role.values() for p in group} | set(self.assignees)


def _notify(ticket: Ticket, target: str, stage: str, people: _People) -> tuple[list[int], int, str, str]:
    """Send the escalation signal of a breach; return the in-app notice, written with the others."""
    recipients = [ticket.assignee_id] if ticket.assignee_id else people.of(ticket, "officer")
    if stage == "breached":
        recipients += people.of(ticket, "supervisor")
    with force_locale("id"):
        label = {"first_response": _("tanggapan pertama"), "verification": _("verifikasi")}.get(target) or _(
            "penyelesaian"
        )
        body = (
            _("Tiket %(code)s melewati target %(target)s.", code=ticket.code, target=label)
            if stage == "breached"
            else _("Target %(target)s tiket %(code)s segera berakhir.", code=ticket.code, target=label)
        )
    if stage == "breached":  # an escalation: staff who chose to hear of it off-screen do (issue 12)
        signals.ticket_escalated.send(ticket, target=target, label=label, staff_ids=sorted(set(recipients)))
    return recipients, ticket.id, f"sla_{target}_{stage}", body


def _close_after_reopen_window(now: datetime, result: SweepResult) -> None:
    limit = now - timedelta(days=lifecycle.REOPEN_WINDOW_DAYS)
    batch = int(current_app.config["SLA_SWEEP_CLOSE_BATCH"])
    stale = (
        db.session.execute(
            select(Ticket)
            .where(Ticket.status == lifecycle.RESOLVED, Ticket.resolved_at < limit)
            .order_by(Ticket.resolved_at, Ticket.id)
            .limit(batch + 1)  # one more than the batch: whether the next run has work left
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    if len(stale) > batch:
        stale, result.more = stale[:batch], True
    for ticket in stale:
        with force_locale("id"):
            body = _("Ditutup otomatis: tidak dibuka kembali dalam 7 hari setelah selesai.")
        transitions.move(ticket, lifecycle.CLOSED, verb=lifecycle.AUTO_CLOSE, body=body)
        result.auto_closed.append(ticket.code)
