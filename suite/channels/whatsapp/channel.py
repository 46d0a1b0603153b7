"""The WhatsApp channel as the app sees it (``suite.channels.register_channels``)."""

from suite.channels import Channel
from suite.channels.whatsapp.views import blueprint

channel = Channel(name="whatsapp", blueprint=blueprint, csrf_exempt=True, sender_kinds=("whatsapp", "whatsapp_menu"))
