"""``flask --app suite mail-intake``: run the intake SMTP server in the foreground."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from suite.channels.email.addresses import intake_parts


@click.command("mail-intake")
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=2525, show_default=True, type=int, help="Port to listen on.")
def mail_intake_command(host: str, port: int):
    """Receive citizens' email over SMTP: mail to the intake address opens or adds to tickets.

    Put it behind the regency's mail exchanger (which checks SPF/DKIM and spam) and route
    the intake mailboxes to it. Stop with Ctrl+C or SIGTERM.
    """
    from suite.channels.email.server import make_controller

    application = current_app._get_current_object()  # type: ignore[attr-defined]  # werkzeug's LocalProxy method, absent from Flask's stubs
    controller = make_controller(application, host, port)
    controller.start()
    local, domain = intake_parts()
    click.echo(f"Accepting mail for {local}@{domain} (and {local}+<service>@, <service>@) on {host}:{port}.")
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
        click.echo("Mail intake stopped.")
