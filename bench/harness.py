"""The benchmark behind ``bench/run`` (issue 13, items 1, 2 and 4); bench/README.md explains it.

For each database (SQLite, then PostgreSQL): prepare the suite's database (migrations, reference
data, ``bench-data``, the demo's staff and citizens, an API key), start the suite and the baseline
(bench/baseline_app.py) under gunicorn with the same settings, sign a demo supervisor and a demo
citizen in, then run the scenarios in interleaved rounds (the baseline's counterpart right before
the suite's scenario), time the SLA sweep, read the workers' memory, and print one table and the
targets.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as bench/harness.py: the demo accounts below come from the suite and people.py

from bench.people import SUPERVISOR  # noqa: E402
from suite.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_FILLED_DB = "suite_bench_filled"  # kept between full runs; its COMMENT says how many tickets it holds
CITIZEN_NIK = "3528014506900001"
HIGH = "1000000 per minute"
LIMITS = (
    "TICKET_RATE_LIMIT_CITIZEN",
    "TICKET_RATE_LIMIT_API_KEY",
    "OPEN311_RATE_LIMIT_API_KEY",
    "OPEN311_RATE_LIMIT_ADDRESS",
    "LOGIN_RATE_LIMIT",
    "TOTP_RATE_LIMIT",
    "NEARBY_RATE_LIMIT",
)
PAGE_P95_TARGET = 0.100


@dataclass
class Mode:
    name: str
    seconds: float  # one round of one scenario
    rounds: int
    clients: int
    sustained_seconds: float
    fill: dict[str, int]  # tickets per database kind
    databases: tuple[str, ...]
    sweep_timeout: float  # seconds; a sweep still running then is reported as not finished


MODES = {
    "full": Mode("full", 8, 3, 4, 30, {"postgresql": 1_000_000, "sqlite": 200_000}, ("sqlite", "postgresql"), 900),
    "quick": Mode("quick", 1.0, 2, 4, 4, {"postgresql": 20_000, "sqlite": 20_000}, ("sqlite", "postgresql"), 60),
    "smoke": Mode("smoke", 0.5, 1, 2, 0, {"sqlite": 300}, ("sqlite",), 30),
}


@dataclass
class Result:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def add(self, other: dict) -> None:
        self.seconds += other["seconds"]
        self.latencies += other["latencies"]
        for reason, count in other["errors"].items():
            self.errors[reason] = self.errors.get(reason, 0) + count

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        values = sorted(self.latencies)
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class Scenario:
    name: str
    job: dict
    baseline: str | None  # "insert" or "page": the baseline round run right before, and the ratio's denominator
    page: bool = False  # a staff or public page: p95 target at scale


# --- processes -------------------------------------------------------------------------------------


def suite_env(url: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SUITE_DATABASE_URL=url,
        SUITE_SECRET_KEY="bench-secret-key-not-for-production-0123456789",
        SUITE_NIK_KEY="bench-nik-key-not-for-production-0123456789",
        SUITE_UPLOAD_FOLDER=str(workdir / "uploads"),
        SUITE_ENV="development",
        PYTHONPATH=str(ROOT),
    )
    env.update({f"SUITE_{name}": HIGH for name in LIMITS})
    # As in production (docs/deploy.md): the rate limits count in Redis when one answers. With the
    # in-process storage the limiter starts a timer thread on nearly every hit (docs/perf/README.md).
    if redis_answers():
        env["SUITE_REDIS_URL"] = REDIS_URL
    return env


REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def progress(message: str) -> None:
    """What the run is doing, on stderr (the table goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def flask(env: dict[str, str], *args: str) -> str:
    progress("flask " + " ".join(args))
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "suite", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def gunicorn(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "--workers", "2", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}"]
    command += ["--timeout", "120", app]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(300):
        time.sleep(0.1)
        if process.poll() is not None:
            raise SystemExit(f"gunicorn {app} exited; see {log}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return process
        except OSError:
            continue
    raise SystemExit(f"gunicorn {app} did not answer on port {port}")


def worker_rss_mb(master: subprocess.Popen) -> float:
    """The largest resident memory of the master's worker processes, from /proc."""
    largest = 0.0
    try:
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    except OSError:
        return float("nan")
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            largest = max(largest, int(match.group(1)) / 1024)
    return largest


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def loadgen(job: dict) -> dict:
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "loadgen.py")], input=json.dumps(job), capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"loadgen failed: {done.stderr}")
    return json.loads(done.stdout)


# --- HTTP set-up (sign-ins, cursors) --------------------------------------------------------------


class Browser:
    """Just enough of a browser for set-up: cookies, CSRF tokens, no redirects followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.split(";", 1)[0].partition("=")
                self.cookies[key.strip()] = rest.strip()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def token(self, path: str) -> str:
        _, _, page = self.request("GET", path)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        if not match:
            raise SystemExit(f"no CSRF token on {path}")
        return match.group(1)


def sign_in_staff(port: int) -> Browser:
    import pyotp

    browser = Browser(port)
    status, headers, _ = browser.request(
        "POST",
        "/petugas/masuk",
        {"csrf_token": browser.token("/petugas/masuk"), "email": SUPERVISOR, "password": DEMO_PASSWORD},
    )
    if status != 302 or "/petugas/masuk/kode" not in headers.get("location", ""):
        raise SystemExit(f"staff sign-in: password step answered {status}")
    for _ in range(3):  # a code is accepted once per 30-second step: a rerun within it waits for the next
        code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
        status, _, _ = browser.request(
            "POST", "/petugas/masuk/kode", {"csrf_token": browser.token("/petugas/masuk/kode"), "code": code}
        )
        if status == 302:
            return browser
        time.sleep(31 - time.time() % 30)
    raise SystemExit("staff sign-in: the second factor was refused")


def sign_in_citizen(port: int) -> tuple[Browser, str]:
    browser = Browser(port)
    form = {"csrf_token": browser.token("/akun/masuk"), "identifier": CITIZEN_NIK, "password": DEMO_PASSWORD}
    status, _, _ = browser.request("POST", "/akun/masuk", form)
    if status != 302:
        raise SystemExit(f"citizen sign-in answered {status}")
    return browser, browser.token("/layanan/lorong/lapor")


def deep_queue_path(staff: Browser, depth: int) -> tuple[str, int]:
    """The queue sorted by due time, ``depth`` pages in, found by following the "next" link."""
    path, pages = "/petugas/?status=all&sort=due", 0
    while pages < depth:
        _, _, body = staff.request("GET", path)
        match = re.search(r'<a href="([^"]+)">Berikutnya', body)
        if not match:
            break
        path, pages = html.unescape(match.group(1)), pages + 1
    return path, pages


# --- the run ---------------------------------------------------------------------------------------


def prepare_suite_db(kind: str, mode: Mode, workdir: Path) -> tuple[str, str]:
    """The suite's database URL, filled; and a note on how it was obtained."""
    tickets = mode.fill[kind]
    if kind == "sqlite":
        url = f"sqlite:///{workdir}/suite.db"
        env = suite_env(url, workdir)
        started = time.perf_counter()
        flask(env, "db", "upgrade")
        flask(env, "seed")
        flask(env, "bench-data", "--tickets", str(tickets))
        return url, f"filled {tickets:,} tickets in {time.perf_counter() - started:.0f} s"
    keep = mode.name == "full"
    name = PG_FILLED_DB if keep else f"suite_bench_run_{os.getpid()}"
    url = f"{PG}/{name}"
    env = suite_env(url, workdir)
    marker = f"suite bench-data {tickets}"
    if (
        keep
        and psql(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{name}'") == marker
    ):
        flask(env, "db", "upgrade")  # the code may have new migrations since the fill
        flask(env, "stats-refresh")  # a migration may have emptied a summary (it then rebuilds every month)
        return url, f"reused {tickets:,} tickets filled by an earlier run (database {name})"
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    flask(env, "db", "upgrade")
    flask(env, "seed")
    flask(env, "bench-data", "--tickets", str(tickets))
    elapsed = time.perf_counter() - started
    if keep:
        psql(f"COMMENT ON DATABASE \"{name}\" IS '{marker}'")
    return url, f"filled {tickets:,} tickets in {elapsed:.0f} s"


def psql(sql: str, database: str = "postgres") -> str:
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql], capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"psql failed: {sql}\n{done.stderr}")
    return done.stdout.strip()


def scenarios(api_key: str, staff: Browser, citizen: Browser, form_token: str, code: str, deep: str) -> list:
    today = date.today()
    month_end = today.replace(day=1) - timedelta(days=1)
    month = f"dari={month_end.replace(day=1)}&sampai={month_end}"
    year = f"dari={today - timedelta(days=364)}&sampai={today}"
    api = {
        "method": "POST",
        "paths": ["/api/v1/tickets"],
        "headers": {"X-API-Key": api_key, "Idempotency-Key": "{uid}"},
        "json": {
            "module": "lorong",
            "category": "jalan",
            "description": "Lubang besar di depan balai desa, motor sering jatuh. {uid}",
            "desa_code": "35.28.01.2001",
            "extras": {
                "road_name": "Jl. Raya Tlanakan",
                "damage_type": "pothole",
                "severity": "berat",
                "road_status": "regency",
            },
            "reporter": {"name": "Warga Uji", "phone": "081234567890"},
        },
        "expect": [201],
    }
    form = {
        "method": "POST",
        "paths": ["/layanan/lorong/lapor"],
        "cookies": citizen.cookies,
        "form": {
            "csrf_token": form_token,
            "idempotency_key": "{uid}",
            "category": "jalan",
            "road_name": "Jl. Raya Tlanakan",
            "damage_type": "pothole",
            "severity": "berat",
            "road_status": "regency",
            "description": "Lubang besar di depan balai desa, motor sering jatuh. {uid}",
            "desa_code": "35.28.01.2001",
            "not_duplicate": "y",
        },
        "expect": [302],
        "location": "/laporan-saya/",  # the new ticket's page, not the form or the sign-in page again
    }

    def staff_page(*paths: str) -> dict:
        return {"paths": list(paths), "cookies": staff.cookies}

    def public(*paths: str) -> dict:
        return {"paths": list(paths)}

    return [
        Scenario("create: API /api/v1/tickets", api, "insert"),
        Scenario("create: web form (citizen)", form, "insert"),
        Scenario("public status page /lacak/<code>", public(f"/lacak/{code}"), "page", page=True),
        Scenario("staff queue, first page", staff_page("/petugas/"), None, page=True),
        Scenario("staff queue, deep page (due, keyset)", staff_page(deep), None, page=True),
        Scenario(
            "staff queue, filters",
            staff_page("/petugas/?status=open&module=lorong", "/petugas/?status=all&kecamatan=35.28.01&sort=due"),
            None,
            page=True,
        ),
        Scenario("scorecards, one month", staff_page(f"/petugas/kinerja?{month}"), None, page=True),
        Scenario("scorecards, one year", staff_page(f"/petugas/kinerja?{year}"), None, page=True),
        Scenario("staff statistics /petugas/statistik", staff_page("/petugas/statistik"), None, page=True),
        Scenario("public /statistik", public("/statistik"), None, page=True),
        Scenario("public /statistik/instansi", public("/statistik/instansi"), None, page=True),
        Scenario("Open311 services.json", public("/open311/v2/services.json"), None, page=True),
        Scenario("Open311 requests.json", public("/open311/v2/requests.json"), None, page=True),
    ]


def time_sweep(env: dict[str, str], timeout: float) -> tuple[float, float]:
    """Seconds of the sla-sweep command itself (not the interpreter's start): its first run on the
    filled database, then the next one. A run still going after ``timeout`` counts as infinite."""
    script = (
        "import time\nfrom suite import create_app\napp = create_app()\nrunner = app.test_cli_runner()\n"
        "for _ in range(2):\n    t = time.perf_counter(); r = runner.invoke(args=['sla-sweep'])\n"
        "    assert r.exit_code == 0, r.output\n    print(time.perf_counter() - t, flush=True)\n"
    )
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen([PYTHON, "-c", script], env=env, cwd=ROOT, stdout=out, stderr=subprocess.PIPE)
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            _, errors = process.communicate()
        out.seek(0)
        times = [float(line) for line in out.read().split()]
    if process.returncode and len(times) < 2 and errors and b"Traceback" in errors:
        print(f"  sweep failed: {errors.decode().strip().splitlines()[-1:]}", file=sys.stderr)
    times += [float("inf")] * (2 - len(times))
    return times[0], times[1]


def run_database(
    kind: str, mode: Mode, workdir: Path, ports: tuple[int, int], only: tuple[str, ...] = ()
) -> tuple[list, list, list[str]]:
    rows: list[tuple] = []
    targets: list[tuple[str, str, bool]] = []
    notes: list[str] = []
    url, note = prepare_suite_db(kind, mode, workdir)
    notes.append(f"{kind}: suite database {note}")
    env = suite_env(url, workdir)
    progress(f"{kind}: bench/people.py (demo supervisor and citizen, API key)")
    made = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "people.py")], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if made.returncode:
        raise SystemExit(f"bench/people.py failed:\n{made.stderr}")
    api_key = made.stdout.strip().splitlines()[-1]

    baseline_db = f"suite_bench_baseline_{os.getpid()}"
    if kind == "sqlite":
        baseline_url = f"sqlite:///{workdir}/baseline.db"
    else:
        psql(f'DROP DATABASE IF EXISTS "{baseline_db}"')
        psql(f'CREATE DATABASE "{baseline_db}"')
        baseline_url = f"{PG}/{baseline_db}"
    baseline_env = dict(os.environ, BASELINE_DATABASE_URL=baseline_url, PYTHONPATH=str(ROOT))
    subprocess.run([PYTHON, "-c", "import bench.baseline_app"], env=baseline_env, cwd=ROOT, check=True)

    progress(f"{kind}: starting gunicorn (suite and baseline)")
    suite = gunicorn("suite:create_app()", ports[0], env, workdir / f"suite-{kind}.log")
    baseline = gunicorn("bench.baseline_app:app", ports[1], baseline_env, workdir / f"baseline-{kind}.log")
    try:
        staff = sign_in_staff(ports[0])
        citizen, form_token = sign_in_citizen(ports[0])
        code = _public_code(url)
        deep, depth = deep_queue_path(staff, 40)
        notes.append(f"{kind}: deep page = queue sorted by due time, {depth} pages in (following 'next')")
        first = Browser(ports[1])
        first.request("GET", "/")
        insert_job: dict[str, object] = {
            "method": "POST",
            "paths": ["/insert"],
            "json": {"code": "{uid}", "title": "Jalan rusak", "body": "Lubang besar di depan balai desa."},
            "expect": [201],
        }
        loadgen({**insert_job, "port": ports[1], "clients": 1, "requests": 1})
        baseline_jobs: dict[str, dict] = {"insert": insert_job, "page": {"paths": ["/page/1"]}}
        common: dict[str, float] = {"clients": mode.clients, "seconds": mode.seconds}
        everything = scenarios(api_key, staff, citizen, form_token, code, deep)
        # --only: a faster loop while working on a few scenarios (the sustained run still uses the API create)
        plan = [s for s in everything if not only or any(part in s.name for part in only)]
        results = {s.name: Result() for s in plan}
        base = {"insert": Result(), "page": Result()}
        peak = {"suite": 0.0, "baseline": 0.0}
        for scenario in plan:  # warm-up: templates compiled, connections open
            loadgen({**scenario.job, "port": ports[0], "clients": 1, "requests": 2})
        for round_ in range(mode.rounds):
            progress(f"{kind}: round {round_ + 1} of {mode.rounds}")
            for scenario in plan:
                if scenario.baseline:
                    base[scenario.baseline].add(
                        loadgen({**baseline_jobs[scenario.baseline], **common, "port": ports[1]})
                    )
                results[scenario.name].add(loadgen({**scenario.job, **common, "port": ports[0]}))
                # Sampled after every round: a worker gunicorn killed for its timeout takes its memory with it.
                peak["suite"] = max(peak["suite"], worker_rss_mb(suite))
                peak["baseline"] = max(peak["baseline"], worker_rss_mb(baseline))
        if mode.rounds and not base["page"].latencies:
            base["page"].add(loadgen({**baseline_jobs["page"], **common, "port": ports[1]}))
        rows.append((kind, "baseline: insert", base["insert"], None))
        rows.append((kind, "baseline: small page", base["page"], None))
        big = mode.fill[kind]
        for scenario in plan:
            result = results[scenario.name]
            denominator = base[scenario.baseline or "page"]
            ratio = result.rate / denominator.rate if denominator.rate else float("nan")
            rows.append((kind, scenario.name, result, ratio))
            if scenario.baseline == "insert":
                targets.append((f"{kind}: {scenario.name} >= 0.5x baseline insert", f"{ratio:.2f}x", ratio >= 0.5))
            if scenario.name.startswith("public status"):
                targets.append((f"{kind}: status page >= 0.6x baseline page", f"{ratio:.2f}x", ratio >= 0.6))
            if scenario.page and kind == "postgresql":
                p95 = result.quantile(0.95)
                targets.append(
                    (
                        f"{kind}: {scenario.name} p95 < 100 ms at {big:,} tickets",
                        f"{p95 * 1000:.0f} ms",
                        p95 < PAGE_P95_TARGET and not result.error_count,
                    )
                )
        if mode.sustained_seconds:
            api = everything[0].job
            sustained = Result()
            sustained.add(
                loadgen({**api, "clients": mode.clients, "seconds": mode.sustained_seconds, "port": ports[0]})
            )
            rows.append((kind, f"create: API sustained {mode.sustained_seconds:.0f} s", sustained, None))
            targets.append(
                (
                    f"{kind}: >= 300 creates/s sustained, zero errors",
                    f"{sustained.rate:.0f}/s, {sustained.error_count} errors",
                    sustained.rate >= 300 and not sustained.error_count,
                )
            )
        suite_rss = max(peak["suite"], worker_rss_mb(suite))
        baseline_rss = max(peak["baseline"], worker_rss_mb(baseline))
        notes.append(
            f"{kind}: largest worker RSS seen (after each round and at the end): suite {suite_rss:.0f} MB, "
            f"baseline {baseline_rss:.0f} MB"
        )
        targets.append((f"{kind}: suite worker RSS < 150 MB", f"{suite_rss:.0f} MB", suite_rss < 150))
    finally:
        stop(suite)
        stop(baseline)
    if only:  # a partial run: the sweep is not one of the chosen scenarios
        notes.append(f"{kind}: only scenarios matching {', '.join(only)}; sweep not timed")
    else:
        progress(f"{kind}: timing sla-sweep")
        first_sweep, next_sweep = time_sweep(env, mode.sweep_timeout)
        sweep_text = ", ".join(
            f"{label} {value:.2f} s"
            if value != float("inf")
            else f"{label} not finished within {mode.sweep_timeout:.0f} s"
            for label, value in (("first run", first_sweep), ("next run", next_sweep))
        )
        notes.append(f"{kind}: sla-sweep at {big:,} tickets: {sweep_text}")
        if kind == "postgresql":
            worst = max(first_sweep, next_sweep)
            targets.append(
                (
                    f"{kind}: sla-sweep < 5 s at {big:,} tickets",
                    f"{worst:.2f} s" if worst != float("inf") else f"> {mode.sweep_timeout:.0f} s (stopped)",
                    worst < 5,
                )
            )
    if kind == "postgresql":
        psql(f'DROP DATABASE IF EXISTS "{baseline_db}"')
        if mode.name != "full":
            psql(f'DROP DATABASE IF EXISTS "suite_bench_run_{os.getpid()}"')
    return rows, targets, notes


def _public_code(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        code = connection.execute(
            text(
                "SELECT code FROM tickets WHERE visibility = 'public' AND NOT sensitive AND module = 'lorong' "
                "ORDER BY id DESC LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return str(code)


def machine() -> str:
    """The machine the figures belong to: CPU, cores, memory, versions, and how busy it was."""
    import platform
    import sqlite3

    cpu = re.search(r"model name\s*:\s*(.+)", _read("/proc/cpuinfo"))
    memory = re.search(r"MemTotal:\s+(\d+) kB", _read("/proc/meminfo"))
    try:
        postgres = psql("SHOW server_version")
    except (SystemExit, OSError):
        postgres = "none"
    return (
        f"machine: {cpu.group(1) if cpu else platform.processor()}, {os.cpu_count()} cores, "
        f"{int(memory.group(1)) / 1024 / 1024 if memory else 0:.1f} GB; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, PostgreSQL {postgres}; load average now {os.getloadavg()[0]:.1f}"
    )


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def print_table(rows: list, targets: list, notes: list[str], mode: Mode) -> int:
    print()
    print(machine())
    print(
        f"Suite benchmark, {mode.name} mode: gunicorn 2 sync workers each, {mode.clients} keep-alive clients, "
        f"{mode.rounds} interleaved round(s) of {mode.seconds:g} s per scenario"
    )
    header = f"{'db':<10} {'scenario':<42} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    header += f" {'suite/base':>10}"
    print(header)
    print("-" * len(header))
    for kind, name, result, ratio in rows:
        ratio_text = "" if ratio is None else f"{ratio:.2f}x"  # "nan": no request of the row was answered
        print(
            f"{kind:<10} {name[:42]:<42} {result.rate:>8.1f} {result.quantile(0.5) * 1000:>8.1f} "
            f"{result.quantile(0.95) * 1000:>8.1f} {result.quantile(0.99) * 1000:>8.1f} {result.error_count:>7} "
            f"{ratio_text:>10}"
        )
        if result.errors:
            print(f"{'':<10}   errors by kind: {result.errors}")
    print()
    for note in notes:
        print(f"note: {note}")
    print()
    for text_, figure, met in targets:
        print(f"[{'MET' if met else 'MISSED'}] {text_}: {figure}")
    met_count = sum(1 for *_, met in targets if met)
    print(f"targets: {met_count} met, {len(targets) - met_count} missed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small fill, short rounds (a few minutes)")
    parser.add_argument("--smoke", action="store_true", help="SQLite only, tiny: checks the harness works (CI)")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], action="append", help="only this database")
    parser.add_argument("--port", type=int, default=8710, help="first of the four ports used")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="SUBSTRING",
        help="run only the scenarios whose name contains this (repeatable); skips the sweep",
    )
    args = parser.parse_args(argv)
    mode = MODES["smoke" if args.smoke else "quick" if args.quick else "full"]
    databases = tuple(args.db) if args.db else mode.databases
    workdir = Path(tempfile.mkdtemp(prefix="suite-bench-run-"))
    notes = [f"load average at the start {os.getloadavg()[0]:.1f} (other work on the machine skews every figure)"]
    rows, targets = [], []
    try:
        for index, kind in enumerate(databases):
            ports = (args.port + 2 * index, args.port + 2 * index + 1)
            started = time.perf_counter()
            r, t, n = run_database(kind, mode, workdir, ports, tuple(args.only))
            rows += r
            targets += t
            notes += n + [f"{kind}: whole pass {time.perf_counter() - started:.0f} s"]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if mode.name == "quick":
        notes.append(
            "quick mode: page targets are measured at a small fill, not the 1,000,000 tickets they are set for"
        )
    if "sqlite" in databases and mode.name == "full":
        notes.append(f"sqlite pages measured at {mode.fill['sqlite']:,} tickets (a 1M SQLite fill takes too long)")
    return print_table(rows, targets, notes, mode)


if __name__ == "__main__":
    sys.exit(main())
