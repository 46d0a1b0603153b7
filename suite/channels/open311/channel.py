"""The Open311 GeoReport v2 channel as the app sees it (``suite.channels.register_channels``)."""

from suite.channels import Channel
from suite.channels.open311.views import blueprint

channel = Channel(name="open311", blueprint=blueprint, csrf_exempt=True)
