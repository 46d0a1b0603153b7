"""The SMS channel as the app sees it (``suite.channels.register_channels``)."""

from suite.channels import Channel
from suite.channels.sms.views import blueprint

channel = Channel(name="sms", blueprint=blueprint, csrf_exempt=True, sender_kinds=("sms",))
