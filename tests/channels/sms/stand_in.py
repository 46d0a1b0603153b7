"""A local SMS gateway speaking the real HTTP format, both ways.

Outgoing (what the outbox worker sends): a real HTTP server on 127.0.0.1 takes
``POST /messages {"to", "text"}`` with ``Authorization: Bearer <token>`` and answers ``{"id"}``.
Incoming (what a gateway sends us): ``webhook()`` builds the exact request, JSON body and
``X-Timestamp`` / ``X-Signature`` headers, that the gateway contract in ``suite.channels.sms``
describes.
"""

from __future__ import annotations

import itertools
import json
import threading
import time

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from suite.channels.sms.signature import sign

TOKEN = "sms-gateway-token"
SECRET = "sms-webhook-secret"


class SmsGatewayStandIn:
    def __init__(self):
        self.sent: list[dict] = []
        self.fail_with: int | None = None  # a status to answer every send with, to play a failing gateway
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll so close() (shutdown waits one poll) does not add half a second to every test.
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        if self.fail_with:
            response = Response("gateway says no", status=self.fail_with)
        elif request.method != "POST" or request.path != "/messages":
            response = Response("not found", status=404)
        elif request.headers.get("Authorization") != f"Bearer {TOKEN}":
            response = Response("unauthorised", status=401)
        else:
            with self._lock:
                self.sent.append(request.get_json())
                message_id = f"sms-{next(self._ids)}"
            response = Response(json.dumps({"id": message_id}), mimetype="application/json")
        return response(environ, start_response)

    def texts_to(self, phone: str) -> list[str]:
        return [m["text"] for m in self.sent if m["to"] == phone]

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # -- incoming ------------------------------------------------------------------
    @staticmethod
    def webhook(
        text: str, sender: str, message_id: str | None = None, timestamp: int | None = None, secret: str = SECRET
    ) -> tuple[bytes, dict]:
        """The body and headers of one received SMS, signed as the gateway signs."""
        body = json.dumps(
            {
                "id": message_id or f"gw-{time.time_ns()}",
                "from": sender,
                "text": text,
                "received_at": "2026-01-05T08:00:00+07:00",
            }
        ).encode()
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        return body, {
            "X-Timestamp": stamp,
            "X-Signature": sign(secret, stamp, body),
            "Content-Type": "application/json",
        }
