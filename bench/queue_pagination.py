"""Benchmark: the staff queue stays fast however deep one pages (keyset, not OFFSET).

    SUITE_BENCH_TICKETS=1000000 .venv/bin/python bench/queue_pagination.py
    SUITE_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/suite_bench .venv/bin/python bench/queue_pagination.py

Builds a throwaway database (SQLite in a temporary folder unless SUITE_DATABASE_URL is set; that
database's schema is dropped), bulk-inserts tickets for one agency, then times the first queue
page and pages deep into the queue through the real HTTP view. Target: a deep page costs no more
than twice the first page.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402

from suite import create_app  # noqa: E402
from suite.database import utcnow  # noqa: E402
from suite.extensions import db  # noqa: E402
from suite.identity.models import Agency  # noqa: E402
from suite.identity.seeding import seed_agencies  # noqa: E402
from suite.identity.services import create_staff  # noqa: E402
from suite.sla.seeding import seed_targets  # noqa: E402
from suite.ticketing.codes import new_tracking_code  # noqa: E402
from suite.ticketing.models import Ticket  # noqa: E402

TICKETS = int(os.environ.get("SUITE_BENCH_TICKETS", 200_000))
BATCH = 10_000


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
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        seed_agencies()
        seed_targets()
        create_staff(
            "bench@pamekasankab.go.id",
            "Bench",
            "bench-password",
            agency=db.session.execute(select(Agency).where(Agency.code == "pupr")).scalar_one(),
        )
        agency_id = db.session.execute(select(Agency.id).where(Agency.code == "pupr")).scalar_one()
        db.session.commit()
        started = time.perf_counter()
        _fill(agency_id)
        print(f"inserted {TICKETS} tickets in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")
    client = app.test_client()
    page = client.get("/petugas/masuk").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/petugas/masuk", data={"csrf_token": token, "email": "bench@pamekasankab.go.id", "password": "bench-password"}
    )
    for sort in ("newest", "due"):
        first = _time(client, f"/petugas/?sort={sort}&status=all")
        cursor, depth = None, 0
        url = f"/petugas/?sort={sort}&status=all"
        for depth in range(1, 41):  # noqa: B007 (read after the loop) walk 40 pages in: 2,000 tickets deep
            body = client.get(url).get_data(as_text=True)
            marker = body.find("setelah=")
            if marker < 0:
                break
            cursor = body[marker + 8 : body.find('"', marker)].replace("&amp;", "&").split("&")[0]
            url = f"/petugas/?sort={sort}&status=all&setelah={cursor}"
        deep = _time(client, url)
        print(
            f"sort={sort}: first page {first * 1000:.1f} ms, page {depth} {deep * 1000:.1f} ms "
            f"(ratio {deep / first:.2f}; target <= 2)"
        )


def _fill(agency_id: int) -> None:
    rng = random.Random(1)
    now = utcnow()
    for start in range(0, TICKETS, BATCH):
        rows = []
        for _ in range(min(BATCH, TICKETS - start)):
            created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
            rows.append(
                {
                    "code": new_tracking_code("LRG"),
                    "module": "lorong",
                    "category": "jalan",
                    "status": rng.choice(["submitted", "verified", "in_progress", "resolved", "closed"]),
                    "channel": "web",
                    "priority": "normal",
                    "visibility": "public",
                    "anonymous": False,
                    "agency_id": agency_id,
                    "desa_code": "35.28.01.2001",
                    "kecamatan_code": "35.28.01",
                    "title": "Jalan rusak",
                    "description": "Data uji kinerja.",
                    "extras": {},
                    "event_count": 1,
                    "created_at": created,
                    "updated_at": created,
                    "first_response_due_at": created + timedelta(days=2),
                    "verification_due_at": created + timedelta(days=3),
                    "resolution_due_at": created + timedelta(days=5),
                    "reopen_count": 0,
                    "forward_count": 0,
                    "ping_pong": False,
                }
            )
        db.session.execute(insert(Ticket), rows)
        db.session.commit()


def _time(client, url: str, runs: int = 7) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


if __name__ == "__main__":
    main()
