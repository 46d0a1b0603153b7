"""Channel adapters: every channel creates the same tickets through the same services."""

from __future__ import annotations

import importlib

from flask import Flask

from suite.extensions import csrf

# Each entry: a module exposing ``blueprint``. Machine-to-machine endpoints authenticate with
# keys or signatures, not cookies, so they are exempt from CSRF.
CHANNEL_BLUEPRINTS: list[tuple[str, bool]] = [
    # ("suite.channels.open311.views", True),
    ("suite.channels.sms.views", True),
    ("suite.channels.whatsapp.views", True),
    ("suite.channels.open311.views", True),
]


def register_channels(app: Flask) -> None:
    for path, csrf_exempt in CHANNEL_BLUEPRINTS:
        blueprint = importlib.import_module(path).blueprint
        if csrf_exempt:
            csrf.exempt(blueprint)
        app.register_blueprint(blueprint)
