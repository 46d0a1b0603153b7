"""Fixtures for the SMS channel: the gateway stand-in wired into the app's settings."""

import pytest

from tests.channels.sms.stand_in import SECRET, TOKEN, SmsGatewayStandIn

SETTINGS = ("SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN", "SMS_WEBHOOK_SECRET")


@pytest.fixture
def gateway(app):
    stand_in = SmsGatewayStandIn()
    saved = {name: app.config[name] for name in SETTINGS}
    app.config.update(SMS_GATEWAY_URL=stand_in.url, SMS_GATEWAY_TOKEN=TOKEN, SMS_WEBHOOK_SECRET=SECRET)
    yield stand_in
    app.config.update(saved)
    stand_in.close()


@pytest.fixture
def sms(client, gateway):
    """Send one SMS from ``sender`` through the webhook: ``sms(text, sender, **webhook options)``."""

    def send(text, sender, **options):
        body, headers = gateway.webhook(text, sender, **options)
        return client.post("/webhook/sms", data=body, headers=headers)

    return send
