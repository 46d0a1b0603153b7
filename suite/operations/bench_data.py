"""``flask --app suite bench-data --tickets N``: fill a database with realistic tickets for the benchmark.

Two years of tickets across every enabled module, its categories (routed to their agencies as a real
ticket would be), every kecamatan and desa, every channel, with an SP4N-LAPOR!-like status mix: the
last two months in every state, older tickets nearly all closed, resolved or rejected, one in a hundred
still in progress and one in two hundred waiting for the budget (open and overdue). Every ticket gets
its timeline: the ``created`` event and one ``status_changed`` event per step it went through.

Tickets are written in bulk (COPY on PostgreSQL, executemany in large batches on SQLite); the timeline
is one ``INSERT ... SELECT`` joining the new tickets to the steps of their status. The tickets belong
to no citizen (no NIK is made up: the encrypted and hashed NIK columns live on citizens, which this
command does not touch), so privacy rules and unique keys hold by construction. Tracking codes have
the real shape (module prefix + 8 Crockford characters) and are derived from a running number, so
they are unique.

Safety (a production database must never be filled by mistake): the command refuses a database
holding any ticket it did not make itself, unless ``--force``; a database it already filled is
refused unless ``--append`` (add more) so a second run cannot double the data by accident. Its
tickets are recognised by their title, which starts with ``BENCH_TITLE``.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

import click
from flask.cli import with_appcontext
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import CursorResult

from suite import reference
from suite.database import utcnow, write_transaction
from suite.extensions import db
from suite.identity.models import Agency
from suite.registry import enabled_modules
from suite.ticketing.codes import ALPHABET
from suite.ticketing.models import Ticket

BENCH_TITLE = "Uji beban:"
BATCH = 20_000
DAYS = 730  # two years
RECENT_DAYS = 60
CHANNELS = ["web", "web", "web", "sms", "whatsapp", "api", "email", "call_centre", "kiosk", "open311"]
RECENT_STATUSES = ["submitted", "verified", "in_progress", "in_progress", "resolved", "closed", "closed"]
FINISHED_STATUSES = ["closed"] * 6 + ["resolved"] * 2 + ["rejected"]
# The steps of each status's timeline: (from, to, minutes after creation).
STEPS: dict[str, list[tuple[str, str, int]]] = {
    "submitted": [],
    "verified": [("submitted", "verified", 90)],
    "in_progress": [("submitted", "verified", 90), ("verified", "in_progress", 1440)],
    "awaiting_budget": [
        ("submitted", "verified", 90),
        ("verified", "in_progress", 1440),
        ("in_progress", "awaiting_budget", 4320),
    ],
    "resolved": [("submitted", "verified", 90), ("verified", "in_progress", 1440), ("in_progress", "resolved", 5760)],
    "closed": [
        ("submitted", "verified", 90),
        ("verified", "in_progress", 1440),
        ("in_progress", "resolved", 5760),
        ("resolved", "closed", 10080),
    ],
    "rejected": [("submitted", "rejected", 240)],
}
COLUMNS = (
    "code",
    "module",
    "category",
    "kind",
    "status",
    "channel",
    "priority",
    "visibility",
    "sensitive",
    "anonymous",
    "agency_id",
    "desa_code",
    "kecamatan_code",
    "title",
    "description",
    "extras",
    "event_count",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
    "reopen_count",
    "forward_count",
    "ping_pong",
    "first_response_due_at",
    "verification_due_at",
    "resolution_due_at",
)


class Refused(click.ClickException):
    """The database is not one this command may fill."""


@dataclass(frozen=True)
class Combo:
    module: str
    prefix: str
    category: str
    agency_id: int
    sensitive: bool
    budget: bool  # the module knows the awaiting_budget state


@dataclass(frozen=True)
class FillResult:
    tickets: int
    events: int
    seconds: float


def bench_ticket_count() -> int:
    return db.session.execute(select(func.count(Ticket.id)).where(Ticket.title.like(f"{BENCH_TITLE}%"))).scalar_one()


def check_allowed(append: bool, force: bool) -> int:
    """Raise ``Refused`` unless this database may be filled (see the module's docstring); return how
    many bench tickets it already holds."""
    from flask import current_app

    # A production database is never a bench database, whatever the flags: right after go-live it is
    # empty, and the ticket checks below would let fake tickets in.
    if current_app.config.get("ENV_NAME", "") == "production":
        raise Refused("SUITE_ENV is production: bench-data never fills a production database")
    total = db.session.execute(select(func.count(Ticket.id))).scalar_one()
    ours = bench_ticket_count() if total else 0
    if total > ours and not force:
        raise Refused(
            f"this database holds {total - ours} tickets bench-data did not make; refusing to mix test data "
            "into them (use a throwaway database, or --force if you really mean it)"
        )
    if ours and not (append or force):
        raise Refused(f"this database already holds {ours} bench-data tickets; use --append to add more")
    return ours


def fill(tickets: int, seed: int = 1, existing: int | None = None) -> FillResult:
    """Add ``tickets`` bench tickets and their timelines, refresh the statistics summary, ANALYZE.
    ``existing``: the bench tickets already there, when the caller has just counted them."""
    from suite.sla.stats_refresh import refresh

    started = time.perf_counter()
    combos = _combos()
    desa: list[str | None] = [r.code for r in reference.desa_list()] or [None]
    before = db.session.execute(select(func.coalesce(func.max(Ticket.id), 0))).scalar_one()
    first_number = (bench_ticket_count() if existing is None else existing) + 1
    now = utcnow().replace(microsecond=0)
    rng = random.Random(seed + first_number)
    rows = (_row(n, rng, combos, desa, now) for n in range(first_number, first_number + tickets))
    with write_transaction():
        if db.engine.dialect.name == "postgresql":
            _copy(rows)
        else:
            _executemany(rows)
        events = _timelines(before)
    with write_transaction():
        refresh(full=True)
    _analyze()
    return FillResult(tickets, events, time.perf_counter() - started)


def _combos() -> list[Combo]:
    agencies = {code: id_ for id_, code in db.session.execute(select(Agency.id, Agency.code))}
    if not agencies:
        raise Refused("no agencies: run `flask --app suite seed` first")
    fallback = min(agencies.values())
    combos = []
    for code, module in enabled_modules().items():
        budget = "awaiting_budget" in module.workflow_states
        for category in module.categories:
            agency_code = category.agency_code or module.default_agency_code or module.care_root or ""
            agency_id = agencies.get(agency_code, fallback)
            sensitive = module.default_sensitive(category.code)
            combos.append(Combo(code, module.prefix, category.code, agency_id, sensitive, budget))
    if not combos:
        raise Refused("no enabled module has a category")
    return combos


def _code(prefix: str, n: int) -> str:
    body = "".join(ALPHABET[(n >> shift) & 31] for shift in range(35, -1, -5))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def _row(n: int, rng: random.Random, combos: list[Combo], desa: list[str | None], now: datetime) -> dict:
    combo = rng.choice(combos)
    age_minutes = rng.randint(0, DAYS * 1440)
    created = now - timedelta(minutes=age_minutes)
    if age_minutes < RECENT_DAYS * 1440:
        status = rng.choice(RECENT_STATUSES)
    elif n % 200 == 0:
        status = "awaiting_budget" if combo.budget else "in_progress"
    elif n % 100 == 1:
        status = "in_progress"
    else:
        status = rng.choice(FINISHED_STATUSES)
    steps = [step for step in STEPS[status] if created + timedelta(minutes=step[2]) <= now]
    if len(steps) < len(STEPS[status]):  # too young to have gone that far: it stops where it is
        status = steps[-1][1] if steps else "submitted"
    place = rng.choice(desa)
    responded = created + timedelta(minutes=steps[0][2]) if steps else None
    finished = next((created + timedelta(minutes=m) for _, to, m in steps if to in ("resolved", "rejected")), None)
    last = created + timedelta(minutes=steps[-1][2]) if steps else created
    return {
        "code": _code(combo.prefix, n),
        "module": combo.module,
        "category": combo.category,
        "kind": "complaint" if n % 20 else "aspiration",
        "status": status,
        "channel": rng.choice(CHANNELS),
        "priority": "urgent" if n % 40 == 0 else "normal",
        "visibility": "confidential" if n % 50 == 0 else "public",
        "sensitive": combo.sensitive,
        "anonymous": n % 25 == 0,
        "agency_id": combo.agency_id,
        "desa_code": place,
        "kecamatan_code": place.rsplit(".", 1)[0] if place else None,
        "title": f"{BENCH_TITLE} {combo.category} #{n}",
        "description": "Laporan data uji kinerja: jalan berlubang, sampah menumpuk, lampu mati.",
        "extras": {"severity": "berat"} if n % 10 == 0 else {},
        "event_count": 1 + len(steps),
        "created_at": created,
        "updated_at": last,
        "first_response_at": responded,
        "resolved_at": finished,
        "reopen_count": 0,
        "forward_count": 0,
        "ping_pong": False,
        "first_response_due_at": created + timedelta(days=2),
        "verification_due_at": created + timedelta(days=3),
        "resolution_due_at": created + timedelta(days=14),
    }


def _naive(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None


def _copy(rows) -> None:
    connection = db.session.connection().connection.driver_connection
    assert connection is not None
    with connection.cursor() as cursor, cursor.copy(f"COPY tickets ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row[c]) if c == "extras" else _naive(row[c]) if c.endswith("_at") else row[c]
                    for c in COLUMNS
                ]
            )


def _executemany(rows) -> None:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            db.session.execute(insert(Ticket), batch)
            batch = []
    if batch:
        db.session.execute(insert(Ticket), batch)


def _timelines(after_id: int) -> int:
    """One statement: the new tickets joined to their status's steps (the ``created`` event is step 0).
    A ticket too young for its whole path was given the status it reached (``_row``), so its
    status's steps are exactly the ones it went through."""
    steps: list[tuple[str, str, str | None, str | None, int, str]]
    steps = [(status, "created", None, None, 0, "citizen") for status in STEPS]
    steps += [(status, "status_changed", a, b, m, "staff") for status, path in STEPS.items() for a, b, m in path]
    values = ", ".join(f"('{s}', '{k}', {_lit(a)}, {_lit(b)}, {m}, '{actor}')" for s, k, a, b, m, actor in steps)
    if db.engine.dialect.name == "postgresql":
        when = "t.created_at + s.minutes * interval '1 minute'"
    else:
        when = "strftime('%Y-%m-%d %H:%M:%S', t.created_at, '+' || s.minutes || ' minutes') || '.000000'"
    # INSERT comes first, the WITH inside its SELECT: sqlite3 reports a rowcount only for a statement
    # that starts with INSERT (a leading WITH gives -1), and the count is what the command prints.
    inserted = db.session.execute(
        text(
            f"""
            INSERT INTO ticket_events (ticket_id, kind, public, actor_type, agency_id, from_status, to_status,
                created_at)
            WITH s(status, kind, from_status, to_status, minutes, actor) AS (VALUES {values})
            SELECT t.id, s.kind, true, s.actor, t.agency_id, s.from_status, s.to_status, {when}
            FROM tickets t
            JOIN s ON s.status = t.status
            WHERE t.id > :after AND t.title LIKE :title
            ORDER BY t.id, s.minutes
            """
        ),
        {"after": after_id, "title": f"{BENCH_TITLE}%"},
    )
    return cast(CursorResult, inserted).rowcount  # an INSERT gives a CursorResult


def _lit(value: str | None) -> str:
    return f"'{value}'" if value is not None else "NULL"


def _analyze() -> None:
    if db.engine.dialect.name == "postgresql":
        # Planner statistics and the visibility map (index-only scans), as autovacuum would give a live database.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE tickets"))
            connection.execute(text("VACUUM ANALYZE ticket_events"))
            connection.execute(text("VACUUM ANALYZE ticket_month_stats"))
    else:
        with write_transaction():
            db.session.execute(text("ANALYZE"))


@click.command("bench-data")
@click.option("--tickets", type=click.IntRange(1, 20_000_000), default=100_000, show_default=True)
@click.option("--append", is_flag=True, help="Add to the bench tickets an earlier run made.")
@click.option("--force", is_flag=True, help="Fill even a database holding other tickets (never in production).")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same data).")
@with_appcontext
def bench_data_command(tickets: int, append: bool, force: bool, seed: int) -> None:
    """Fill a throwaway database with realistic tickets and timelines for the benchmark (bench/README.md)."""
    existing = check_allowed(append, force)
    result = fill(tickets, seed, existing)
    click.echo(
        f"bench-data: {result.tickets} tickets and {result.events} timeline events in {result.seconds:.1f} s "
        f"({db.engine.dialect.name}); statistics summary refreshed, tables analysed"
    )
