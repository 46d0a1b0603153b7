"""Outward connectors: forwarding tickets to SP4N-LAPOR! or any complaint system an admin
configures, and reading their statuses back.

An edge beside the channels: it uses ticketing and the outbox, and nothing below it knows it
exists. ``register_connectors`` gives the outbox worker its sender (transient failures are
retried for as long as it takes, never dropped), the app its ``connector-pull`` command and
the webhook remotes may call with status news (``suite.connectors.webhook``).
The admin screen is ``suite.admin.connector_views``, the staff action
``suite.staff.connector_views``.
"""

from __future__ import annotations

from flask import Flask


def register_connectors(app: Flask) -> None:
    from suite.connectors.delivery import send_forward
    from suite.connectors.forwarding import OUTBOX_KIND
    from suite.connectors.pull import pull_command
    from suite.connectors.webhook import blueprint
    from suite.extensions import csrf
    from suite.notify.senders import register_sender

    register_sender(OUTBOX_KIND, send_forward, persistent=True)
    app.cli.add_command(pull_command)
    csrf.exempt(blueprint)  # the remote authenticates with its bearer token, not a cookie
    app.register_blueprint(blueprint)
