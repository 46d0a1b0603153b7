"""A local stand-in for SP4N-LAPOR! (or any complaint system), speaking the connector protocol
of ``suite.connectors.client`` on 127.0.0.1, and misbehaving on request.

``POST /laporan`` files a report unless its ``Idempotency-Key`` was seen before (then it answers
with the report made the first time, as the connector assumes a remote does); ``GET
/laporan/<id>`` answers its status. ``plan`` lists what the next POSTs do, one entry each:
``500`` (fail before filing), ``422`` (refuse), ``("slow", s)`` (wait s seconds, then file and
answer: the client has timed out by then), ``("late", s)`` (file at once, answer after s seconds),
``("huge", n)`` (answer n bytes of nonsense).
"""

from __future__ import annotations

import itertools
import json
import threading
import time

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

TOKEN = "lapor-token-0123456789abcdef"


class ComplaintSystemStandIn:
    def __init__(self):
        self.reports: dict[str, dict] = {}  # remote id -> {"payload", "status", "key"}
        self.posts: list[dict] = []  # every POST body received, duplicates included
        self.status_reads: list[str] = []  # every GET, by remote id
        self.plan: list = []
        self.fail_reads_with: int | None = None
        self._ids = itertools.count(1001)
        self._lock = threading.Lock()
        self.server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    # -- what the tests look at ----------------------------------------------------------
    def set_status(self, remote_id: str, status: str) -> None:
        with self._lock:
            self.reports[remote_id]["status"] = status

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # -- the protocol -------------------------------------------------------------------
    def _wsgi(self, environ, start_response):
        request = Request(environ)
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            response = Response("unauthorised", status=401)
        elif request.method == "POST" and request.path == "/api/laporan":
            response = self._file(request)
        elif request.method == "GET" and request.path.startswith("/api/laporan/"):
            response = self._read(request.path.rsplit("/", 1)[-1])
        else:
            response = Response("not found", status=404)
        return response(environ, start_response)

    def _file(self, request: Request) -> Response:
        body = request.get_json()
        with self._lock:
            self.posts.append(body)
            step = self.plan.pop(0) if self.plan else None
        if isinstance(step, int):
            return Response(json.dumps({"error": "no"}), status=step, mimetype="application/json")
        if isinstance(step, tuple) and step[0] == "huge":
            return Response(b"x" * step[1], status=201, mimetype="application/json")
        if isinstance(step, tuple) and step[0] == "slow":
            time.sleep(step[1])
        answer = self._create_or_find(request.headers.get("Idempotency-Key", ""), body)
        if isinstance(step, tuple) and step[0] == "late":
            time.sleep(step[1])
        return Response(json.dumps(answer), status=201, mimetype="application/json")

    def _create_or_find(self, key: str, body: dict) -> dict:
        with self._lock:
            for remote_id, report in self.reports.items():
                if key and report["key"] == key:
                    return {"id": remote_id, "status": report["status"]}
            remote_id = str(next(self._ids))
            self.reports[remote_id] = {"payload": body, "status": "Belum Terverifikasi", "key": key}
            return {"id": remote_id, "status": "Belum Terverifikasi"}

    def _read(self, remote_id: str) -> Response:
        with self._lock:
            self.status_reads.append(remote_id)
            report = self.reports.get(remote_id)
        if self.fail_reads_with:
            return Response("down", status=self.fail_reads_with)
        if report is None:
            return Response("not found", status=404)
        return Response(json.dumps({"id": remote_id, "status": report["status"]}), mimetype="application/json")
