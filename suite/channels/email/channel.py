"""The email channel as the app sees it (``suite.channels.register_channels``): no routes, mail
arrives over SMTP through the ``mail-intake`` command."""

from suite.channels import Channel
from suite.channels.email.cli import register

channel = Channel(name="email", cli=register, sender_kinds=("email",))
