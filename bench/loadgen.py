"""The benchmark's load generator (issue 13, item 1): N concurrent keep-alive clients, bounded by time.

    echo '{"port": 8001, "clients": 4, "seconds": 2, "method": "GET", "paths": ["/page/1"]}' \\
        | python bench/loadgen.py

Reads one JSON job on stdin, prints one JSON result on stdout. It runs in its own process (bench/run
starts it once per round), so the servers it drives never share its interpreter. Each client is a
thread with its own HTTP/1.1 keep-alive connection and cookie jar (seeded from ``cookies``, updated
from Set-Cookie); it sends the next request as soon as the answer is read (closed loop), so
latency includes waiting for a free worker, the same way for the suite and the baseline.

Job fields: ``host`` (127.0.0.1), ``port``, ``clients``, ``seconds`` or ``requests`` (whichever comes
first ends the run), ``method``, ``paths`` (cycled), ``headers``, ``cookies``, ``json`` or ``form`` (a
body; every string "{uid}" in it and in the headers becomes a fresh unique value per request, e.g.
for idempotency keys), ``expect`` (the statuses that count as success; others are errors), ``location``
(a redirect's Location must contain it, else the answer is an error).
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
import uuid
from typing import Any
from urllib.parse import urlencode

# Longer than the servers' worker timeout (bench/run starts gunicorn with --timeout 120): a request is
# answered or its worker killed before the client gives up, so no request of one round is still
# running, unseen, when the next scenario's round starts.
TIMEOUT = 130.0


def _fill(value: Any, uid: str) -> Any:
    if isinstance(value, str):
        return value.replace("{uid}", uid)
    if isinstance(value, dict):
        return {k: _fill(v, uid) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, uid) for v in value]
    return value


class Client(threading.Thread):
    def __init__(self, job: dict, deadline: float, budget: list[int], lock: threading.Lock) -> None:
        super().__init__(daemon=True)
        self.job, self.deadline, self.budget, self.lock = job, deadline, budget, lock
        self.cookies: dict[str, str] = dict(job.get("cookies") or {})
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.connection: http.client.HTTPConnection | None = None

    def _take(self) -> int | None:
        """The next request's number over all clients (paths cycle over it), or None when the budget is spent."""
        with self.lock:
            if self.budget[0] <= 0:
                return None
            self.budget[0] -= 1
            self.budget[1] += 1
            return self.budget[1]

    def _error(self, reason: str) -> None:
        self.errors[reason] = self.errors.get(reason, 0) + 1

    def run(self) -> None:
        job, paths = self.job, self.job["paths"]
        expect = set(job.get("expect") or [200])
        while time.perf_counter() < self.deadline and (n := self._take()) is not None:
            uid = uuid.uuid4().hex
            headers = _fill(dict(job.get("headers") or {}), uid)
            body: bytes | None = None
            if "json" in job:
                body = json.dumps(_fill(job["json"], uid)).encode()
                headers["Content-Type"] = "application/json"
            elif "form" in job:
                body = urlencode(_fill(job["form"], uid)).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            path = paths[n % len(paths)]
            started = time.perf_counter()
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(
                        job.get("host", "127.0.0.1"), job["port"], timeout=float(job.get("timeout", TIMEOUT))
                    )
                self.connection.request(job.get("method", "GET"), path, body=body, headers=headers)
                response = self.connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                self._error(type(error).__name__)
                if self.connection is not None:
                    self.connection.close()
                self.connection = None
                continue
            self.latencies.append(time.perf_counter() - started)
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, cookie = pair.partition("=")
                    self.cookies[key.strip()] = cookie.strip()
            if response.status not in expect:
                self._error(str(response.status))
            elif job.get("location") and job["location"] not in (response.getheader("Location") or ""):
                self._error("wrong redirect")  # e.g. a form sent back to the sign-in page
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None


def run(job: dict) -> dict:
    clients = int(job.get("clients", 4))
    started = time.perf_counter()
    deadline = started + float(job.get("seconds", 10))
    budget = [int(job.get("requests", 10**9)), -1]  # requests left, the last number given
    lock = threading.Lock()
    threads = [Client(job, deadline, budget, lock) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    errors: dict[str, int] = {}
    for thread in threads:
        for reason, count in thread.errors.items():
            errors[reason] = errors.get(reason, 0) + count
    latencies = sorted(x for thread in threads for x in thread.latencies)
    return {"seconds": elapsed, "latencies": latencies, "errors": errors}


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
