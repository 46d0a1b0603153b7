"""A TCP forwarder a test puts between the suite and PostgreSQL, to cut the database off at will.

- ``open``: bytes flow both ways;
- ``refuse``: every connection is dropped and the port closed, so new ones are refused at once
  (a stopped server, a restart);
- ``blackhole``: every connection is dropped, new ones are accepted and then nothing ever answers
  (a firewall that swallows packets, a host gone mid-route): only the client's own timeouts end the wait.
"""

from __future__ import annotations

import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.mode = "open"
        self.accepted = 0
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener = self._listen(0)
        self.port = self._listener.getsockname()[1]

    # -- control -------------------------------------------------------------------
    def cut(self, mode: str) -> None:
        assert mode in ("refuse", "blackhole")
        with self._lock:
            self.mode = mode
            if mode == "refuse":
                self._listener.close()
        self._drop_all()

    def restore(self) -> None:
        with self._lock:
            if self.mode == "refuse":
                self._listener = self._listen(self.port)
            self.mode = "open"
        self._drop_all()  # the silent ones of a blackhole

    def close(self) -> None:
        with self._lock:
            self.mode = "closed"
            self._listener.close()
        self._drop_all()

    # -- plumbing ------------------------------------------------------------------
    def _listen(self, port: int) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return listener

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by cut("refuse") or close()
            with self._lock:
                self.accepted += 1
                self._sockets.add(client)
                mode = self.mode
            if mode == "open":
                threading.Thread(target=self._connect, args=(client,), daemon=True).start()
            # blackhole: keep the socket, read nothing, answer nothing

    def _connect(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
            upstream.settimeout(None)
        except OSError:
            self._close(client)
            return
        with self._lock:
            self._sockets.add(upstream)
            still_open = self.mode == "open"
        if not still_open:  # cut while this connection was being made
            self._close(client)
            self._close(upstream)
            return
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        self._close(source)
        self._close(sink)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def _drop_all(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            self._close(sock)
