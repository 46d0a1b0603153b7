"""Profile the create path and the public status page in one process, and count their SQL statements.

    SUITE_INSTANCE_PATH=... SUITE_SECRET_KEY=... SUITE_NIK_KEY=... \\
        py-spy record -f flamegraph -o docs/perf/create-after.svg -- \\
        .venv/bin/python docs/perf/profile_create.py --creates 600 --api-key sk_...

Runs against a database made by ``flask --app suite seed-demo`` (a throwaway one: it adds tickets);
``--api-key`` from ``flask --app suite api-key create --name bench``. Prints the statements of one
API create, one web create and one status page, then times ``--creates`` API creates and as many
status pages through Flask's test client (no HTTP server, so the profile shows only the app).
"""

from __future__ import annotations

import argparse
import re
import time
import uuid

from sqlalchemy import event

from suite import create_app
from suite.extensions import db

ROAD = {
    "module": "lorong",
    "category": "jalan",
    "description": "Lubang besar di depan balai desa.",
    "desa_code": "35.28.01.2001",
    "extras": {
        "road_name": "Jl. Raya Tlanakan",
        "damage_type": "pothole",
        "severity": "berat",
        "road_status": "regency",
    },
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--creates", type=int, default=300)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--only", choices=("create", "status", "both"), default="both")
    args = parser.parse_args()
    app = create_app()
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement, _params, _context, _many):
        statements.append(" ".join(statement.split())[:110])

    client = app.test_client()
    headers = {"X-API-Key": args.api_key}

    def create():
        response = client.post("/api/v1/tickets", json=ROAD, headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
        assert response.status_code == 201, response.data
        return response.json["code"]

    code = create()
    statements.clear()
    code = create()
    _show("API create", statements)
    statements.clear()
    client.get(f"/lacak/{code}")
    _show("status page", statements)
    if args.only in ("create", "both"):
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.creates):
            create()
        _timed(f"{args.creates} API creates", args.creates, started, cpu)
    if args.only in ("status", "both"):
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.creates):
            assert client.get(f"/lacak/{code}").status_code == 200
        _timed(f"{args.creates} status pages", args.creates, started, cpu)


def _timed(title: str, count: int, started: float, cpu: float) -> None:
    # CPU time as well as wall time: on a shared machine the wall time counts the neighbours too.
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"{title}: {1000 * wall / count:.2f} ms each, {1000 * used / count:.2f} ms CPU each")


def _show(title: str, statements: list[str]) -> None:
    print(f"{title}: {len(statements)} statements")
    for statement in statements:
        print("   ", re.sub(r"SELECT (\S+?\.\S+?),.* FROM", r"SELECT \1, ... FROM", statement))


if __name__ == "__main__":
    main()
