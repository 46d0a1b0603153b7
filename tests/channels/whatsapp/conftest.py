"""Fixtures for the WhatsApp channel: the Cloud API stand-in wired into the app's settings."""

import pytest

from tests.channels.whatsapp.stand_in import APP_SECRET, PHONE_ID, TOKEN, VERIFY_TOKEN, CloudApiStandIn

SETTINGS = ("WHATSAPP_API_URL", "WHATSAPP_PHONE_ID", "WHATSAPP_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN")


@pytest.fixture
def cloud(app):
    stand_in = CloudApiStandIn()
    saved = {name: app.config[name] for name in SETTINGS}
    app.config.update(
        WHATSAPP_API_URL=stand_in.url,
        WHATSAPP_PHONE_ID=PHONE_ID,
        WHATSAPP_TOKEN=TOKEN,
        WHATSAPP_APP_SECRET=APP_SECRET,
        WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN,
    )
    yield stand_in
    app.config.update(saved)
    stand_in.close()


@pytest.fixture
def whatsapp(client, cloud):
    """Post one message from ``sender``: ``whatsapp(sender, "text", text={"body": ...})``."""

    def send(sender, message_type="text", **content):
        body, headers = cloud.webhook(sender, message_type, **content)
        return client.post("/webhook/whatsapp", data=body, headers=headers)

    return send
