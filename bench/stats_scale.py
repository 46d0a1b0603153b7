"""Benchmark: the monthly statistics summary keeps dashboards fast at a million tickets (issue 12,
item 11).

    SUITE_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/suite_bench \\
        SUITE_BENCH_TICKETS=1000000 .venv/bin/python bench/stats_scale.py

Builds a throwaway PostgreSQL database (its schema is dropped) or, without SUITE_DATABASE_URL, a
SQLite one in a temporary folder; fills it with tickets over two years across every module,
category, kecamatan and agency (one INSERT ... SELECT over generate_series on PostgreSQL), then
times: the full summary build, an incremental refresh after 200 tickets changed (what the minute's
sla-sweep pays), the summary queries the dashboards and the budget report run (p50 and p95 of 50
runs each), then the pages themselves through the WSGI app (30 requests each; public pages with
their figure cache emptied first). Targets: every query and page p95 under 100 ms; the incremental
refresh under 5 s. SUITE_BENCH_REUSE=1 keeps a database an earlier run filled.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402

from suite import create_app  # noqa: E402
from suite.database import utcnow  # noqa: E402
from suite.extensions import db  # noqa: E402
from suite.identity.models import Agency  # noqa: E402
from suite.identity.seeding import seed_agencies  # noqa: E402
from suite.registry import enabled_modules  # noqa: E402
from suite.sla import stats_queries, stats_refresh  # noqa: E402
from suite.sla.seeding import seed_targets  # noqa: E402
from suite.ticketing.models import Ticket  # noqa: E402

TICKETS = int(os.environ.get("SUITE_BENCH_TICKETS", 200_000))
# Tickets of the last two months are in every state; older ones are nearly all finished, with one in
# two hundred waiting for the budget and one in a hundred still in progress (SP4N-LAPOR!-like, not
# uniform: a uniform mix leaves a quarter of two years' tickets open, which no service has).
RECENT_STATUSES = ["submitted", "verified", "in_progress", "in_progress", "resolved", "closed", "closed"]
FINISHED_STATUSES = ["closed"] * 6 + ["resolved"] * 2 + ["rejected"]
STATUSES = RECENT_STATUSES + FINISHED_STATUSES + ["awaiting_budget"]
CHANNELS = ["web", "sms", "whatsapp", "api", "email", "call_centre", "kiosk", "open311"]


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="suite-bench-")
    url = os.environ.get("SUITE_DATABASE_URL") or f"sqlite:///{workdir}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "NIK_KEY": "bench"})
    reuse = os.environ.get("SUITE_BENCH_REUSE") == "1"  # keep a database an earlier run filled
    with app.app_context():
        if db.engine.dialect.name == "postgresql" and not reuse:
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        seed_agencies()
        seed_targets()
        db.session.commit()
        reuse = reuse and db.session.execute(text("SELECT count(*) FROM tickets")).scalar_one() >= TICKETS
        combos = [(code, c.code) for code, m in enabled_modules().items() for c in m.categories]
        agencies = list(db.session.execute(select(Agency.id)).scalars())
        kecamatan = sorted({a.kecamatan_code for a in db.session.execute(select(Agency)).scalars() if a.kecamatan_code})
        started = time.perf_counter()
        if not reuse:
            _fill(combos, agencies, kecamatan)
        report("fill", time.perf_counter() - started, f"{TICKETS} tickets ({db.engine.dialect.name})")
        world = _page_world()

        started = time.perf_counter()
        pages_only = os.environ.get("SUITE_BENCH_PAGES_ONLY") == "1"  # an earlier run built the summary
    if pages_only:
        _more_pages(app, world)  # outside the app context: requests sharing it would share ``g``
        return
    with app.app_context():
        months = stats_refresh.refresh(full=True)
        db.session.commit()
        report("full summary build", time.perf_counter() - started, f"{months} months")
        rows = db.session.execute(text("SELECT count(*) FROM ticket_month_stats")).scalar_one()
        print(f"  summary rows: {rows}")

        ids = list(db.session.execute(select(Ticket.id).order_by(Ticket.created_at.desc()).limit(20_000)).scalars())
        # Recent tickets change most (answers, status moves); an old one now and then.
        touched = random.Random(2).sample(ids, 195) + list(
            db.session.execute(select(Ticket.id).order_by(Ticket.created_at).limit(5)).scalars()
        )
        db.session.execute(
            text("UPDATE tickets SET updated_at = :now WHERE id IN :ids")
            .bindparams(**{"now": utcnow().replace(tzinfo=None)})
            .bindparams(__import__("sqlalchemy").bindparam("ids", expanding=True)),
            {"ids": touched},
        )
        db.session.commit()
        started = time.perf_counter()
        months = stats_refresh.refresh()
        db.session.commit()
        elapsed = time.perf_counter() - started
        report(
            "incremental refresh (195 recent and 5 old tickets changed)",
            elapsed,
            f"{months} months; target < 5 s",
            elapsed < 5,
        )

        today = date.today()
        last = date(today.year, today.month, 1)
        year_ago = date(last.year - 1, last.month, 1)
        queries = {
            "total, 12 months": lambda: stats_queries.total(year_ago, last),
            "by month": lambda: stats_queries.breakdown(year_ago, last, by=("month",)),
            "by module and category (public)": lambda: stats_queries.breakdown(
                year_ago, last, by=("module", "category"), disclosed_only=True
            ),
            "by kecamatan (public)": lambda: stats_queries.breakdown(
                year_ago, last, by=("kecamatan_code",), disclosed_only=True
            ),
            "by agency": lambda: stats_queries.breakdown(year_ago, last, by=("agency_id",)),
            "category x kecamatan, one year": lambda: stats_queries.breakdown(
                date(today.year, 1, 1), date(today.year, 12, 1), by=("category", "kecamatan_code")
            ),
            "one agency by month": lambda: stats_queries.breakdown(
                year_ago, last, by=("month",), agency_id=agencies[0]
            ),
        }
        for name, run in queries.items():
            timings = []
            for _ in range(50):
                started = time.perf_counter()
                run()
                timings.append(time.perf_counter() - started)
                db.session.rollback()
            p95 = statistics.quantiles(timings, n=20)[-1]
            report(name, p95, f"p50 {statistics.median(timings) * 1000:.1f} ms; target p95 < 100 ms", p95 < 0.1)
        supervisor = _regency_supervisor()
    _pages(app, supervisor, today.year)
    _more_pages(app, world)


def _regency_supervisor() -> str:
    from suite.identity.models import Staff
    from suite.identity.services import create_staff

    email = "bench-supervisor@example.go.id"
    if db.session.execute(select(Staff.id).where(Staff.email == email)).first():
        return email
    create_staff(email, "Bench", "Kopi-Tubruk-Madura-2026", role="supervisor")
    db.session.commit()
    return email


def _pages(app, supervisor: str, year: int) -> None:
    """The pages themselves through the WSGI app: public ones cold (the per-process figure cache
    emptied before every request: the first visitor after a refresh), staff ones as served."""
    from tests.helpers import login_staff

    public = app.test_client()
    staff = app.test_client()
    login_staff(staff, supervisor, "Kopi-Tubruk-Madura-2026")
    pages = {
        "/statistik (cold)": (public, "/statistik", True),
        "/statistik/instansi (cold)": (public, "/statistik/instansi", True),
        "/statistik/kategori.csv (cold)": (public, "/statistik/kategori.csv", True),
        "/petugas/laporan-anggaran": (staff, f"/petugas/laporan-anggaran?tahun={year}", False),
        "/petugas/pusat-kendali": (staff, "/petugas/pusat-kendali", False),
        "/petugas/pusat-kendali.json": (staff, "/petugas/pusat-kendali.json", False),
        "/petugas/statistik": (staff, "/petugas/statistik", False),
        "/petugas/statistik?status=open": (staff, "/petugas/statistik?status=open", False),
        "/petugas/statistik?mine=1 (live)": (staff, "/petugas/statistik?mine=1", False),
        "/petugas/statistik?overdue=1": (staff, "/petugas/statistik?overdue=1", False),
        "/petugas/antrean.csv": (staff, "/petugas/antrean.csv", False),
        "/petugas/ (queue)": (staff, "/petugas/", False),
        "/petugas/laporan-anggaran.csv": (staff, f"/petugas/laporan-anggaran.csv?tahun={year}", False),
    }
    for name, (client, url, cold) in pages.items():
        client.get(url)  # one request first: templates compiled, connections open (steady state)
        _time_page(app, name, client, url, 30, cold)


def _time_page(app, name: str, client, url: str, runs: int, cold: bool = False) -> None:
    """Time ``runs`` requests for ``url`` (each must answer 200) and report the p95 against 100 ms;
    ``cold`` empties the dashboards' cached figures before each request."""
    timings = []
    for _ in range(runs):
        if cold:
            app.extensions.get("dashboard_figures", {}).clear()
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    p95 = statistics.quantiles(timings, n=20)[-1]
    report(name, p95, f"p50 {statistics.median(timings) * 1000:.1f} ms; target p95 < 100 ms", p95 < 0.1)


def report(name: str, seconds: float, detail: str, met: bool | None = None) -> None:
    verdict = "" if met is None else (" MET" if met else " MISSED")
    print(f"{name}: {seconds * 1000:.1f} ms ({detail}){verdict}")


def _fill(combos, agencies, kecamatan) -> None:
    now = utcnow()
    if db.engine.dialect.name == "postgresql":
        # One statement: arrays of the choices, picked by the row number.
        db.session.execute(
            text(
                """
                INSERT INTO tickets (code, module, category, kind, status, channel, priority, visibility,
                    sensitive, anonymous, agency_id, kecamatan_code, title, description, extras, event_count,
                    created_at, updated_at, first_response_at, first_response_due_at, resolved_at,
                    reopen_count, forward_count, ping_pong)
                SELECT 'BEN-' || n, (CAST(:modules AS text[]))[1 + n % :ncombos],
                    (CAST(:categories AS text[]))[1 + n % :ncombos], 'complaint',
                    CASE WHEN n % 730 <= 60 THEN (CAST(:recent AS text[]))[1 + (n / 7) % :nrecent]
                         WHEN n % 200 = 0 THEN 'awaiting_budget' WHEN n % 100 = 1 THEN 'in_progress'
                         ELSE (CAST(:finished AS text[]))[1 + (n / 7) % :nfinished] END,
                    (CAST(:channels AS text[]))[1 + (n / 3) % 8],
                    'normal',
                    CASE WHEN n % 50 = 0 THEN 'confidential' ELSE 'public' END, false, false,
                    (CAST(:agencies AS int[]))[1 + (n % :ncombos) % :nagencies],
                    (CAST(:kecamatan AS text[]))[1 + (n / 13) % :nkecamatan],
                    'Data uji', 'Data uji kinerja.',
                    CAST(CASE WHEN n % 10 = 0 THEN '{"severity": "berat", "road_name": "Jl. Uji"}'
                         ELSE '{}' END AS json), 1,
                    c, c, CASE WHEN n % 5 = 0 THEN NULL ELSE c + (n % 4000) * interval '1 minute' END,
                    c + interval '2 days', CASE WHEN n % 3 = 0 THEN c + interval '3 days' END, 0, 0, false
                FROM (SELECT n, (CAST(:now AS timestamp) - (n % 730) * interval '1 day'
                                 - (n % 1440) * interval '1 minute') AS c
                      FROM generate_series(1, :total) AS n) AS rows
                """
            ),
            {
                "modules": [m for m, _ in combos],
                "categories": [c for _, c in combos],
                "ncombos": len(combos),
                "recent": RECENT_STATUSES,
                "nrecent": len(RECENT_STATUSES),
                "finished": FINISHED_STATUSES,
                "nfinished": len(FINISHED_STATUSES),
                "channels": CHANNELS,
                "agencies": agencies,
                "nagencies": len(agencies),
                "kecamatan": kecamatan,
                "nkecamatan": len(kecamatan),
                "now": now.replace(tzinfo=None),
                "total": TICKETS,
            },
        )
        db.session.commit()
        # What autovacuum does on a live database: statistics, and the visibility map index-only
        # scans need (without it the command centre's counts read the heap: 44 ms instead of 10).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE tickets"))
        return
    rng = random.Random(1)
    for start in range(0, TICKETS, 10_000):
        rows = []
        for n in range(start, min(start + 10_000, TICKETS)):
            module, category = rng.choice(combos)
            created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 730))
            rows.append(
                dict(
                    code=f"BEN-{n}",
                    module=module,
                    category=category,
                    kind="complaint",
                    status=rng.choice(STATUSES),
                    channel=rng.choice(CHANNELS),
                    priority="normal",
                    visibility="public",
                    sensitive=False,
                    anonymous=False,
                    agency_id=agencies[combos.index((module, category)) % len(agencies)],
                    kecamatan_code=rng.choice(kecamatan),
                    title="Data uji",
                    description="Data uji kinerja.",
                    extras={},
                    event_count=1,
                    created_at=created,
                    updated_at=created,
                    first_response_at=created + timedelta(minutes=rng.randint(1, 4000)),
                    first_response_due_at=created + timedelta(days=2),
                    reopen_count=0,
                    forward_count=0,
                    ping_pong=False,
                )
            )
        db.session.execute(insert(Ticket), rows)
        db.session.commit()


# --- Every staff and public page at scale (issue 13): the people and data the pages need ---------

PASSWORD = "Kopi-Tubruk-Madura-2026"


def _page_world() -> dict:
    """An agency supervisor and officers of the busiest agency, a citizen with tickets, and what a
    live service has that the bulk fill lacks: officers assigned (three in that agency, most of its
    tickets) and ratings (one resolved ticket in four). Done once per database."""
    from suite.identity.models import Staff
    from suite.identity.services import CitizenRegistration, create_staff, register_citizen
    from tests.helpers import make_nik

    busiest = db.session.execute(
        text("SELECT agency_id FROM tickets GROUP BY agency_id ORDER BY count(*) DESC LIMIT 1")
    ).scalar_one()
    agency = db.session.get(Agency, busiest)
    email = "bench-agency-supervisor@example.go.id"
    if not db.session.execute(select(Staff.id).where(Staff.email == email)).first():
        create_staff(email, "Bench Supervisor", PASSWORD, role="supervisor", agency=agency)
        officers = [
            create_staff(f"bench-officer-{n}@example.go.id", f"Bench Officer {n}", PASSWORD, agency=agency)
            for n in range(3)
        ]
        db.session.flush()
        nik = make_nik("F", date(1990, 1, 1))
        citizen = register_citizen(
            CitizenRegistration(nik, "Warga Bench", date(1990, 1, 1), "F", "081300000001", "35.28.01.2001", PASSWORD)
        )
        citizen.phone_confirmed_at = utcnow()
        db.session.flush()
        ids = [o.id for o in officers]
        db.session.execute(
            text(
                "UPDATE tickets SET assignee_id = (CAST(:ids AS int[]))[1 + id % 3] "
                "WHERE agency_id = :agency AND id % 10 <> 0"
            ),
            {"ids": ids, "agency": busiest},
        )
        # "My tickets": a citizen with 200 reports over the two years.
        db.session.execute(
            text("UPDATE tickets SET citizen_id = :citizen WHERE id % 5000 = 7"), {"citizen": citizen.id}
        )
        db.session.execute(
            text(
                "INSERT INTO ticket_ratings (ticket_id, citizen_id, agency_id, score, created_at) "
                "SELECT id, :citizen, agency_id, 1 + id % 5, updated_at FROM tickets "
                "WHERE resolved_at IS NOT NULL AND id % 4 = 0"
            ),
            {"citizen": citizen.id},
        )
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE tickets"))
            connection.execute(text("VACUUM ANALYZE ticket_ratings"))
    if db.session.execute(text("SELECT 1 FROM tickets WHERE resolution_due_at IS NULL LIMIT 1")).first():
        # Every ticket gets its deadlines when it is filed (suite.sla.policy.due_dates): the queue
        # sorts by them.
        db.session.execute(
            text(
                "UPDATE tickets SET verification_due_at = created_at + interval '3 days', "
                "resolution_due_at = created_at + interval '5 days' WHERE resolution_due_at IS NULL"
            )
        )
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE tickets"))
    code = db.session.execute(
        text("SELECT code FROM tickets WHERE code LIKE 'LRG-%' AND visibility = 'public' ORDER BY id DESC LIMIT 1")
    ).scalar()
    if code is None:  # the fill's codes ("BEN-7") are not tracking codes: give one ticket a real one
        from suite.ticketing.codes import new_tracking_code

        code = new_tracking_code("LRG")
        db.session.execute(
            text(
                "UPDATE tickets SET code = :code WHERE id = (SELECT max(id) FROM tickets "
                "WHERE visibility = 'public' AND sensitive = false AND module = 'lorong')"
            ),
            {"code": code},
        )
        db.session.commit()
    return {"agency": busiest, "supervisor": email, "officer": "bench-officer-0@example.go.id", "code": code}


def _more_pages(app, world: dict) -> None:
    """Scorecards, the queue deep and filtered, Open311, the status page, the map, "my tickets" and
    the staff menu's pages, timed like ``_pages``."""
    from suite.identity.models import Staff
    from suite.registry import enabled_modules as modules
    from suite.staff.queue import QueueParams, _due_of, queue_page
    from tests.helpers import login_staff

    today = date.today()
    year_ago = today - timedelta(days=364)
    with app.app_context():
        officer = db.session.execute(select(Staff).where(Staff.email == world["officer"])).scalar_one()
        open_count = len(queue_page(officer, QueueParams(), modules(), page_size=100_000).tickets)
        cursors = {}
        for label, depth in (("2,000 deep", 2000), ("half-way", open_count // 2)):
            page = queue_page(officer, QueueParams(), modules(), page_size=max(depth, 1))
            last = page.tickets[-1]
            cursors[label] = f"{_due_of(last).isoformat()}|{last.id}"
        status_page = f"/lacak/{world['code']}"
        print(f"  queue of bench-officer-0 (agency {world['agency']}): {open_count} open tickets")
    supervisor, officer_client, citizen, public = (app.test_client() for _ in range(4))
    login_staff(supervisor, world["supervisor"], PASSWORD)
    login_staff(officer_client, world["officer"], PASSWORD)
    _login_citizen(citizen, "081300000001")
    from urllib.parse import quote

    year = f"dari={year_ago.isoformat()}&sampai={today.isoformat()}"
    pages = {
        "/petugas/kinerja (30 days)": (supervisor, "/petugas/kinerja"),
        f"/petugas/kinerja ({year})": (supervisor, f"/petugas/kinerja?{year}"),
        "/petugas/kinerja.csv (30 days)": (supervisor, "/petugas/kinerja.csv"),
        "/petugas/kinerja.csv (a year)": (supervisor, f"/petugas/kinerja.csv?{year}"),
        "/petugas/ (officer, first page)": (officer_client, "/petugas/"),
        "/petugas/ (2,000 deep)": (officer_client, f"/petugas/?setelah={quote(cursors['2,000 deep'])}"),
        "/petugas/ (half-way)": (officer_client, f"/petugas/?setelah={quote(cursors['half-way'])}"),
        "/petugas/?status=semua": (officer_client, "/petugas/?status=semua"),
        "/petugas/?sort=newest": (officer_client, "/petugas/?sort=newest"),
        "/petugas/?overdue=1": (officer_client, "/petugas/?overdue=1"),
        "/petugas/?urgent=1": (officer_client, "/petugas/?urgent=1"),
        "/petugas/?mine=1": (officer_client, "/petugas/?mine=1"),
        "/petugas/?status=closed": (officer_client, "/petugas/?status=closed"),
        "/petugas/?module=lorong": (officer_client, "/petugas/?module=lorong"),
        "/petugas/statistik (agency)": (supervisor, "/petugas/statistik"),
        "/petugas/profil": (officer_client, "/petugas/profil"),
        "/open311/v2/requests.json": (public, "/open311/v2/requests.json"),
        "/open311/v2/requests.json?status=open": (public, "/open311/v2/requests.json?status=open"),
        "/lacak/<code> (status page)": (public, status_page),
        "/peta": (public, "/peta"),
        "/peta/laporan.geojson": (public, "/peta/laporan.geojson"),
        "/ (home)": (public, "/"),
        "/laporan-saya": (citizen, "/laporan-saya"),
    }
    only = os.environ.get("SUITE_BENCH_ONLY")  # time only the pages whose name holds this
    skip = os.environ.get("SUITE_BENCH_SKIP")  # ... or all but these
    runs = int(os.environ.get("SUITE_BENCH_RUNS", 30))
    for name, (client, url) in pages.items():
        if (only and only not in name) or (skip and skip in name):
            continue
        first = client.get(url)
        if first.status_code != 200:
            report(name, 0, f"answered {first.status_code}", False)
            continue
        _time_page(app, name, client, url, runs)


def _login_citizen(client, phone: str) -> None:
    from tests.helpers import login_citizen

    login_citizen(client, phone, PASSWORD)


if __name__ == "__main__":
    main()
