"""Benchmark: the budget-planning report (issue 12, items 9 and 11) answers under 100 ms at the 95th
percentile, whatever the number of tickets.

    SUITE_BENCH_TICKETS=1000000 .venv/bin/python bench/budget_report.py
    SUITE_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/suite_bench .venv/bin/python bench/budget_report.py

Builds a throwaway database (SQLite in a temporary folder unless SUITE_DATABASE_URL is set; that
database's schema is dropped), bulk-inserts two years of tickets over every module, kecamatan and
agency (road reports of every severity, some waiting for the budget), fills the monthly summary
(``stats-refresh --full``), then times the report page and its CSV through the real HTTP views, as a
regency-wide supervisor and as an agency's supervisor.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402

from suite import create_app, reference  # noqa: E402
from suite.database import utcnow  # noqa: E402
from suite.extensions import db  # noqa: E402
from suite.identity.models import Agency  # noqa: E402
from suite.identity.seeding import seed_agencies  # noqa: E402
from suite.identity.services import create_staff  # noqa: E402
from suite.registry import enabled_modules  # noqa: E402
from suite.sla import stats_refresh  # noqa: E402
from suite.sla.seeding import seed_targets  # noqa: E402
from suite.ticketing.codes import new_tracking_code  # noqa: E402
from suite.ticketing.models import Ticket  # noqa: E402

TICKETS = int(os.environ.get("SUITE_BENCH_TICKETS", 200_000))
BATCH = 10_000
RUNS = 40
PASSWORD = "garam-madura-2026"
STATUSES = ["submitted", "verified", "in_progress", "awaiting_budget", "resolved", "closed", "closed", "closed"]


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="suite-bench-")
    url = os.environ.get("SUITE_DATABASE_URL") or f"sqlite:///{workdir}/bench.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "NIK_KEY": "bench",
            "UPLOAD_FOLDER": f"{workdir}/uploads",
            "LOGIN_RATE_LIMIT": "100000 per minute",
            "STAFF_TOTP": "privileged",  # supervisors sign in with the password alone
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        seed_agencies()
        seed_targets()
        agencies = {code: agency_id for code, agency_id in db.session.execute(select(Agency.code, Agency.id)).all()}
        pupr = db.session.get(Agency, agencies["pupr"])
        create_staff("bench.all@pamekasankab.go.id", "Penguji", PASSWORD, role="supervisor", agency=None)
        create_staff("bench.pupr@pamekasankab.go.id", "Penguji", PASSWORD, role="supervisor", agency=pupr)
        db.session.commit()
        started = time.perf_counter()
        _fill(agencies)
        print(f"inserted {TICKETS} tickets in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")
        started = time.perf_counter()
        stats_refresh.refresh(full=True)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        print(f"summary filled in {time.perf_counter() - started:.1f} s")
    year = datetime.now(UTC).year
    for email in ("bench.all@pamekasankab.go.id", "bench.pupr@pamekasankab.go.id"):
        client = app.test_client()
        _sign_in(client, email)
        for path in (f"/petugas/laporan-anggaran?tahun={year}", f"/petugas/laporan-anggaran.csv?tahun={year}"):
            timings = _time(client, path)
            p95 = statistics.quantiles(timings, n=20)[-1] * 1000
            print(f"{email.split('@')[0]} {path}: median {statistics.median(timings) * 1000:.1f} ms, p95 {p95:.1f} ms")


def _fill(agencies: dict[str, int]) -> None:
    rng = random.Random(12)
    now = utcnow()
    desa = [(d.code, d.parent_code) for d in reference.desa_list()]
    modules = [(code, m) for code, m in enabled_modules().items() if m.categories]
    for start in range(0, TICKETS, BATCH):
        rows = []
        for _ in range(min(BATCH, TICKETS - start)):
            created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 730))  # two years
            code, module = rng.choice(modules)
            category = rng.choice(module.categories)
            desa_code, kecamatan = rng.choice(desa)
            status = rng.choice(STATUSES) if code == "lorong" else rng.choice(["submitted", "resolved", "closed"])
            agency = agencies.get(category.agency_code or module.default_agency_code, agencies["pupr"])
            severity = rng.choice(["ringan", "sedang", "berat"])
            extras = {"severity": severity, "road_name": "Jl. Uji"} if code == "lorong" else {}
            answered = created + timedelta(minutes=rng.randint(1, 5000)) if rng.random() < 0.8 else None
            rows.append(
                {
                    "code": new_tracking_code(module.prefix),
                    "module": code,
                    "category": category.code,
                    "status": status,
                    "channel": "web",
                    "priority": "normal",
                    "visibility": "confidential" if module.sensitive or module.care_root else "public",
                    "sensitive": bool(module.sensitive),
                    "anonymous": False,
                    "agency_id": agency,
                    "desa_code": desa_code,
                    "kecamatan_code": kecamatan,
                    "title": "Uji",
                    "description": "Data uji kinerja.",
                    "extras": extras,
                    "event_count": 1,
                    "created_at": created,
                    "updated_at": created,
                    "first_response_due_at": created + timedelta(days=2),
                    "first_response_at": answered,
                    "resolution_due_at": created + timedelta(days=5),
                    "budget_year": now.year + rng.randint(0, 2) if status == "awaiting_budget" else None,
                    "reopen_count": 0,
                    "forward_count": 0,
                    "ping_pong": False,
                }
            )
        db.session.execute(insert(Ticket), rows)
        db.session.commit()


def _sign_in(client, email: str) -> None:
    page = client.get("/petugas/masuk").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/petugas/masuk", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def _time(client, url: str) -> list[float]:
    client.get(url)  # warm the caches once, as a server that has been running has them
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return timings


if __name__ == "__main__":
    main()
