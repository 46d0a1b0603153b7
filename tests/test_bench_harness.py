"""The benchmark's harness works (issue 13, item 1): its load generator drives the baseline app under
gunicorn and counts what it got. No speed is asserted here (speed targets live in bench/)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from bench.harness import BIN, ROOT, gunicorn, loadgen, stop
from tests.helpers import free_port


@pytest.fixture
def baseline(tmp_path):
    if not (BIN / "gunicorn").exists():
        pytest.skip("gunicorn is not installed (requirements.txt)")
    port = free_port()
    database = tmp_path / "baseline.db"
    env = {"BASELINE_DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", "import bench.baseline_app"], env=env, cwd=ROOT, check=True)
    server = gunicorn("bench.baseline_app:app", port, env, tmp_path / "baseline.log")  # started as bench/run does
    yield port, database
    stop(server)


def test_the_load_generator_drives_the_baseline_and_counts_honestly(baseline):
    port, database = baseline
    inserts = loadgen(
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

    pages = loadgen({"port": port, "clients": 2, "requests": 40, "paths": ["/page/1", "/page/999999"]})
    assert len(pages["latencies"]) == 40
    assert pages["errors"] == {"404": 20}  # the missing row's page is counted as an error, not a success
    assert pages["latencies"] == sorted(pages["latencies"]) and pages["seconds"] > 0
