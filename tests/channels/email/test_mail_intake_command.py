"""``flask --app suite mail-intake`` serves SMTP until it is told to stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from tests.channels.email.conftest import mail, send, tickets
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[3]


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"mail-intake exited: {process.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("mail-intake did not start listening")


def test_the_command_receives_mail_and_stops_on_sigterm(app, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "SUITE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SUITE_SECRET_KEY": app.config["SECRET_KEY"],
        "SUITE_NIK_KEY": app.config["NIK_KEY"],
        "SUITE_UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        "SUITE_INSTANCE_PATH": str(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "suite", "mail-intake", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_port(port, process)
        assert send(SimpleNamespace(hostname="127.0.0.1", port=port), mail(sender="budi@example.id")) == {}
        [ticket] = tickets(app)
        assert (ticket.module, ticket.channel, ticket.reporter["email"]) == ("madul", "email", "budi@example.id")
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Accepting mail for lapor@pamekasankab.go.id" in out and "stopped" in out
