"""A local WhatsApp Cloud API speaking the real HTTP format, both ways.

Outgoing: a real HTTP server on 127.0.0.1 takes ``POST /{phone-number-id}/messages`` (text and
interactive messages) and answers ``{"messages": [{"id": "wamid..."}]}``; it serves media as the
Graph API does: ``GET /{media-id}`` -> ``{"url", "mime_type", ...}``, then ``GET <url>`` -> bytes,
both only with the bearer token. Incoming: ``webhook()`` builds Meta's webhook body and its
``X-Hub-Signature-256`` header.
"""

from __future__ import annotations

import itertools
import json
import struct
import threading
import time
import zlib

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from suite.channels.whatsapp.signature import sign

PHONE_ID = "109876543210"
TOKEN = "cloud-api-token"
APP_SECRET = "meta-app-secret"
VERIFY_TOKEN = "verify-me"


def tiny_png() -> bytes:
    """A real 1x1 PNG: the upload checks sniff the bytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


class CloudApiStandIn:
    def __init__(self):
        self.sent: list[dict] = []
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, Authorization
        self.media: dict[str, tuple[str, bytes]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add_media(self, media_id: str, data: bytes, mime_type: str = "image/png"):
        self.media[media_id] = (mime_type, data)

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        with self._lock:
            self.requests.append((request.method, request.path, request.headers.get("Authorization")))
        return self._answer(request)(environ, start_response)

    def _answer(self, request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _json({"error": {"message": "Invalid OAuth access token", "code": 190}}, 401)
        parts = request.path.strip("/").split("/")
        if request.method == "POST" and parts == [PHONE_ID, "messages"]:
            with self._lock:
                self.sent.append(request.get_json())
                message_id = f"wamid.out-{next(self._ids)}"
            payload = request.get_json()
            return _json(
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                    "messages": [{"id": message_id}],
                }
            )
        if request.method == "GET" and len(parts) == 1 and parts[0] in self.media:
            mime_type, data = self.media[parts[0]]
            return _json(
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.url}/download/{parts[0]}",
                    "mime_type": mime_type,
                    "file_size": len(data),
                    "id": parts[0],
                }
            )
        if request.method == "GET" and len(parts) == 2 and parts[0] == "download" and parts[1] in self.media:
            mime_type, data = self.media[parts[1]]
            return Response(data, mimetype=mime_type)
        return _json({"error": {"message": "Unsupported request", "code": 100}}, 404)

    def to(self, phone: str) -> list[dict]:
        return [m for m in self.sent if m["to"] == phone.lstrip("+")]

    def texts_to(self, phone: str) -> list[str]:
        return [m["text"]["body"] for m in self.to(phone) if m["type"] == "text"]

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # -- incoming ------------------------------------------------------------------
    @staticmethod
    def webhook(
        sender: str, message_type: str = "text", message_id: str | None = None, secret: str = APP_SECRET, **content
    ) -> tuple[bytes, dict]:
        """One message as Meta posts it: ``webhook("+62...", text={"body": "BANTU"})``."""
        message = {
            "from": sender.lstrip("+"),
            "id": message_id or f"wamid.in-{time.time_ns()}",
            "timestamp": str(int(time.time())),
            "type": message_type,
            **content,
        }
        body = json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [
                    {
                        "id": "WABA-1",
                        "changes": [
                            {
                                "field": "messages",
                                "value": {
                                    "messaging_product": "whatsapp",
                                    "metadata": {"display_phone_number": "62324000000", "phone_number_id": PHONE_ID},
                                    "contacts": [{"profile": {"name": "Warga"}, "wa_id": sender.lstrip("+")}],
                                    "messages": [message],
                                },
                            }
                        ],
                    }
                ],
            }
        ).encode()
        return body, {"X-Hub-Signature-256": sign(secret, body), "Content-Type": "application/json"}


def _json(data, status=200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")
