"""Channel adapters: every channel creates the same tickets through the same services.

Channels plug in as modules do (``suite.registry``): ``SUITE_CHANNELS`` lists the channels
switched on, and each ``suite.channels.<name>`` package describes what it offers in a
``Channel`` object named ``channel`` in its ``channel.py``. Adding a channel (Telegram, say) is
one package with that file plus its name in the list; ``register_channels`` wires the rest.
The shared machinery (``intake``, ``dialogue``, ``credentials``, ``models``) and the kiosk (the
portal's own forms in kiosk mode) are not switchable channels.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click
from flask import Blueprint, Flask

from suite.extensions import csrf

DEFAULT_CHANNELS = ["sms", "whatsapp", "open311", "email"]


@dataclass(frozen=True)
class Channel:
    """What one channel offers the app.

    ``blueprint``: its routes, if it has any (email arrives over SMTP, not HTTP).
    ``csrf_exempt``: machine-to-machine endpoints authenticate with keys or signatures, not
    cookies, so they are exempt from CSRF.
    ``commands``: the channel's ``flask`` commands (module-level click commands).
    ``sender_kinds``: the outbox kinds its replies go out as (``suite.notify.senders.SENDERS``);
    notifications use them whether or not the channel's intake is switched on.
    """

    name: str
    blueprint: Blueprint | None = None
    csrf_exempt: bool = False  # said by each machine-to-machine channel, so a forgotten flag keeps CSRF on
    commands: tuple[click.Command, ...] = ()
    sender_kinds: tuple[str, ...] = ()


def configured_channels(app: Flask) -> list[str]:
    """``SUITE_CHANNELS`` as a list (a comma-separated string is accepted too); default: all."""
    names = app.config.get("SUITE_CHANNELS", DEFAULT_CHANNELS)
    if isinstance(names, str):
        names = [name.strip() for name in names.split(",")]
    return [name for name in names if name]


def load_channel(name: str) -> Channel:
    channel = importlib.import_module(f"suite.channels.{name}.channel").channel
    if not isinstance(channel, Channel) or channel.name != name:
        raise RuntimeError(f"suite.channels.{name}.channel must define channel = Channel(name={name!r}, ...)")
    return channel


def register_channels(app: Flask) -> dict[str, Channel]:
    """Wire every configured channel into ``app``; the channels are kept in
    ``app.extensions["suite_channels"]`` by name."""
    from suite.notify.senders import SENDERS

    channels = {name: load_channel(name) for name in configured_channels(app)}
    for channel in channels.values():
        unknown = set(channel.sender_kinds) - set(SENDERS)
        if unknown:
            raise RuntimeError(f"channel {channel.name} names unknown outbox kinds: {sorted(unknown)}")
        if channel.blueprint is not None:
            if channel.csrf_exempt:
                csrf.exempt(channel.blueprint)
            app.register_blueprint(channel.blueprint)
        for command in channel.commands:
            app.cli.add_command(command)
    app.extensions["suite_channels"] = channels
    return channels
