"""The benchmark's harness works (issue 13, item 1): its load generator drives the baseline app under
gunicorn and counts what it got. No speed is asserted here (speed targets live in bench/)."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _loadgen(job: dict) -> dict:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "loadgen.py")], input=json.dumps(job), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def baseline(tmp_path):
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed (requirements.txt)")
    port = _free_port()
    database = tmp_path / "baseline.db"
    env = {"BASELINE_DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", "import bench.baseline_app"], env=env, cwd=ROOT, check=True)
    server = subprocess.Popen(
        [str(GUNICORN), "-w", "2", "-b", f"127.0.0.1:{port}", "bench.baseline_app:app"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, database
    server.terminate()
    server.wait(10)


def test_the_load_generator_drives_the_baseline_and_counts_honestly(baseline):
    port, database = baseline
    inserts = _loadgen(
        {
            "port": port,
            "clients": 3,
            "seconds": 1.5,
            "method": "POST",
            "paths": ["/insert"],
            "json": {"code": "{uid}", "title": "Jalan rusak", "body": "Lubang"},
            "expect": [201],
        }
    )
    assert inserts["errors"] == {} and len(inserts["latencies"]) > 0
    with sqlite3.connect(database) as connection:  # every answered insert is a row: unique codes, none lost
        assert connection.execute("SELECT count(DISTINCT code) FROM baseline_items").fetchone()[0] == len(
            inserts["latencies"]
        )

    pages = _loadgen({"port": port, "clients": 2, "requests": 40, "paths": ["/page/1", "/page/999999"]})
    assert len(pages["latencies"]) == 40
    assert pages["errors"] == {"404": 20}  # the missing row's page is counted as an error, not a success
    assert pages["latencies"] == sorted(pages["latencies"]) and pages["seconds"] > 0
