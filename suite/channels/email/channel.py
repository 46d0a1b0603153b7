"""The email channel as the app sees it (``suite.channels.register_channels``): no routes, mail
arrives over SMTP through the ``mail-intake`` command."""

from suite.channels import Channel
from suite.channels.email.cli import mail_intake_command

channel = Channel(name="email", commands=(mail_intake_command,), sender_kinds=("email",))
