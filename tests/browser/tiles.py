"""A stand-in map tile server on loopback: every tile is the same small PNG, and every request is
counted, so a browser test shows the map without the internet and proves MAP_TILE_URL is used."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image


def _tile() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (222, 235, 214)).save(buffer, "PNG")
    return buffer.getvalue()


class TileServer:
    def __init__(self):
        tile, requests = _tile(), []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(tile)))
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, *args):  # quiet test output
                pass

        self.requests = requests
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="tile-stand-in", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/tiles/{{z}}/{{x}}/{{y}}.png"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
