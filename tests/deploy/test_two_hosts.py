"""Two hosts, one PostgreSQL, one Redis (issue 13, item 5): what one host starts, the other honours.

Two gunicorn servers (``gunicorn.conf.py``, one worker each) on two ports play two machines behind a
load balancer. They share the test's PostgreSQL database and a Redis, with the same secrets, and show:
a session made on host A is valid on host B and ends on B when signed out on A; the sign-in rate limit
counted on A refuses on B; an idempotency key used on A returns the same ticket on B (also when both
hosts get the request at once). The access log of host A is read too: no query string, no token.

Runs only on PostgreSQL with Redis answering (CI's PostgreSQL pass); SQLite is one host's database.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from suite.ticketing.models import Ticket
from tests.deploy.support import REDIS_URL, redis_answers
from tests.helpers import API_ROAD_REPORT, PASSWORD, count, free_port, gen_citizen, partner_key

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("SUITE_DATABASE_URL", "")
SIGN_IN_LIMIT = 3
ROAD = dict(API_ROAD_REPORT, description="Lubang besar di depan balai desa, dua host.")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgresql") or redis_answers() is not None,
    reason=(
        "needs SUITE_DATABASE_URL on PostgreSQL and Redis answering (two hosts share both); "
        f"database: {DATABASE_URL.split(':')[0] or 'SQLite'}, Redis: {redis_answers() or 'answers'}"
    ),
)


def _wait_until_ready(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn at {url} exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn at {url} did not become ready: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def hosts(app, tmp_path_factory):
    """Start host A and host B; yield their base URLs and A's log file."""
    folder = tmp_path_factory.mktemp("two-hosts")
    environment = {
        **os.environ,
        "SUITE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SUITE_REDIS_URL": REDIS_URL,
        # The test process's secrets: citizens it registers sign in on both hosts.
        "SUITE_SECRET_KEY": app.config["SECRET_KEY"],
        "SUITE_NIK_KEY": app.config["NIK_KEY"],
        "SUITE_INSTANCE_PATH": str(folder / "instance"),
        "SUITE_UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        "SUITE_RATELIMIT_KEY_PREFIX": f"two-hosts-{secrets.token_hex(6)}",  # counts start at zero
        "SUITE_LOGIN_RATE_LIMIT": f"{SIGN_IN_LIMIT} per minute",
        "SUITE_WEB_WORKERS": "1",
    }
    environment.pop("SUITE_ENV", None)
    servers, urls, logs = [], [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = folder / f"host-{name}.log"
            with open(log, "wb") as output:
                servers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "suite:create_app()"],
                        cwd=ROOT,
                        env={**environment, "SUITE_WEB_BIND": f"127.0.0.1:{port}"},
                        stdout=output,
                        stderr=subprocess.STDOUT,
                    )
                )
            urls.append(f"http://127.0.0.1:{port}")
            logs.append(log)
        for url, server, log in zip(urls, servers, logs, strict=True):
            _wait_until_ready(url, server, log)
        yield {"a": urls[0], "b": urls[1], "log_a": logs[0]}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def _csrf(client: httpx.Client, url: str) -> str:
    page = client.get(url).text
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def _signed_in(client: httpx.Client, base: str) -> bool:
    """Whether the citizen's settings page opens (else: a redirect to the sign-in page)."""
    return client.get(f"{base}/akun/pengaturan").status_code == 200


def test_a_session_made_on_one_host_holds_on_the_other_and_ends_on_both(app, hosts):
    _, _, phone = gen_citizen(app)
    on_a = httpx.Client(timeout=10)
    signed_in = on_a.post(
        f"{hosts['a']}/akun/masuk",
        data={"csrf_token": _csrf(on_a, f"{hosts['a']}/akun/masuk"), "identifier": phone, "password": PASSWORD},
    )
    assert signed_in.status_code == 302, signed_in.text
    cookie = signed_in.cookies["session"]  # the session id, signed with the secret both hosts share
    on_b = httpx.Client(timeout=10, cookies={"session": cookie})  # the same browser, sent to host B

    assert _signed_in(on_a, hosts["a"]) and _signed_in(on_b, hosts["b"])

    token = _csrf(on_a, f"{hosts['a']}/akun/pengaturan")
    assert on_a.post(f"{hosts['a']}/akun/keluar", data={"csrf_token": token}).status_code == 302
    kept = httpx.Client(timeout=10, cookies={"session": cookie})  # a copy of the cookie kept from before
    assert not _signed_in(kept, hosts["b"])  # the session ended for every host, not only in A's browser


def test_the_sign_in_limit_counted_on_one_host_refuses_on_the_other(hosts):
    def attempt(base: str, number: int) -> int:
        # Unknown accounts, each tried once: only the per-address limit can refuse, not an account lock.
        body = {"identifier": f"08139900{number:04d}", "password": "salah-sekali-2026"}
        return httpx.post(f"{base}/api/v1/auth/token", json=body, timeout=10).status_code

    assert [attempt(hosts["a"], n) for n in range(SIGN_IN_LIMIT)] == [401] * SIGN_IN_LIMIT

    assert attempt(hosts["b"], SIGN_IN_LIMIT) == 429  # host B's first attempt: A's count applies


def test_an_idempotency_key_used_on_one_host_returns_the_same_ticket_on_the_other(app, hosts):
    _, key = partner_key(app)
    headers = {**key, "Idempotency-Key": f"two-hosts-{secrets.token_hex(8)}"}

    first = httpx.post(f"{hosts['a']}/api/v1/tickets", json=ROAD, headers=headers, timeout=10)
    again = httpx.post(f"{hosts['b']}/api/v1/tickets", json=ROAD, headers=headers, timeout=10)

    assert first.status_code == 201, first.text
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["code"] == first.json()["code"]

    # Both hosts at the same moment with a new key: still one ticket.
    headers["Idempotency-Key"] = f"two-hosts-{secrets.token_hex(8)}"
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(
            pool.map(
                lambda base: httpx.post(f"{base}/api/v1/tickets", json=ROAD, headers=headers, timeout=10),
                (hosts["a"], hosts["b"]),
            )
        )
    assert sorted(a.status_code for a in answers) in ([200, 201], [201, 409]), [a.text for a in answers]
    assert len({a.json()["code"] for a in answers if a.status_code in (200, 201)}) == 1
    assert count(app, Ticket) == 2


def test_the_access_log_has_neither_query_strings_nor_link_tokens(hosts):
    token = secrets.token_urlsafe(32)
    httpx.get(f"{hosts['a']}/lacak?kode=LRG-RAHASIA-CARI", timeout=10)
    httpx.get(f"{hosts['a']}/akun/atur-ulang-sandi/{token}", timeout=10)
    time.sleep(0.3)  # gunicorn writes the line after the response

    log = hosts["log_a"].read_text()

    assert '"GET /lacak HTTP/1.1" ' in log and "RAHASIA" not in log and "kode=" not in log
    assert "/akun/atur-ulang-sandi/[token]" in log and token not in log
