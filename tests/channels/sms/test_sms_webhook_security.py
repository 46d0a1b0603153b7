"""The SMS webhook believes only the gateway, and only once per message."""

import json
import time

from suite.channels.models import InboundMessage, SecurityEvent
from suite.channels.sms.signature import sign
from suite.ticketing.models import Ticket
from tests.channels.sms.stand_in import SECRET, SmsGatewayStandIn
from tests.channels.sms.support import deliver_outbox
from tests.helpers import count, gen_citizen, rows


def test_a_replayed_webhook_with_a_bad_signature_is_refused_and_logged(app, client, gateway):
    _, _, phone = gen_citizen(app)
    body, headers = gateway.webhook("LORONG Dabuan jalan berlubang depan SD", phone, message_id="gw-1")
    assert client.post("/webhook/sms", data=body, headers=headers).status_code == 200

    # Someone replays the captured body as a new message, re-signing without the secret.
    forged = body.replace(b"gw-1", b"gw-2")
    stamp = str(int(time.time()))
    refused = client.post(
        "/webhook/sms",
        data=forged,
        headers={
            "X-Timestamp": stamp,
            "X-Signature": sign("guessed-secret", stamp, forged),
            "Content-Type": "application/json",
        },
    )
    unsigned = client.post("/webhook/sms", data=forged, headers={"Content-Type": "application/json"})

    assert refused.status_code == 401 and refused.get_json() == {"error": "bad signature"}
    assert unsigned.status_code == 401
    events = rows(app, SecurityEvent)
    assert [(e.kind, e.detail) for e in events] == [
        ("sms_webhook", "bad signature"),
        ("sms_webhook", "missing X-Signature or X-Timestamp"),
    ]
    assert events[0].source == "127.0.0.1"
    assert all("Dabuan" not in (e.detail or "") for e in events)  # the body is never logged
    assert count(app, Ticket) == 1 and count(app, InboundMessage) == 1


def test_a_tampered_body_with_the_original_signature_is_refused(app, client, gateway):
    body, headers = gateway.webhook("BANTU", "+6281399990001")

    answer = client.post("/webhook/sms", data=body.replace(b"BANTU", b"CEK X"), headers=headers)

    assert answer.status_code == 401 and count(app, SecurityEvent) == 1 and count(app, InboundMessage) == 0


def test_a_gateway_retry_of_the_same_message_id_creates_nothing_new(app, sms, gateway):
    _, _, phone = gen_citizen(app)

    first = sms("LORONG Dabuan jalan berlubang depan SD", phone, message_id="gw-77")
    retry = sms("LORONG Dabuan jalan berlubang depan SD", phone, message_id="gw-77")

    assert first.get_json()["outcome"] == "ticket_opened"
    assert retry.status_code == 200 and retry.get_json() == {"status": "duplicate", "outcome": "duplicate"}
    assert count(app, Ticket) == 1 and count(app, InboundMessage) == 1
    deliver_outbox(app)
    assert len(gateway.texts_to(phone)) == 1  # one confirmation, not two


def test_a_replayed_request_with_a_stale_timestamp_is_refused(app, client, gateway):
    body, headers = gateway.webhook("BANTU", "+6281399990001", timestamp=int(time.time()) - 600)

    answer = client.post("/webhook/sms", data=body, headers=headers)

    assert answer.status_code == 401 and answer.get_json()["error"].startswith("stale timestamp")
    [event] = rows(app, SecurityEvent)
    assert event.kind == "sms_webhook" and event.detail.startswith("stale timestamp")
    assert count(app, InboundMessage) == 0
    deliver_outbox(app)
    assert gateway.sent == []


def test_a_signed_request_that_is_not_the_gateway_format_is_a_bad_request(app, client, gateway):
    body = json.dumps({"text": "no id"}).encode()
    stamp = str(int(time.time()))
    answer = client.post(
        "/webhook/sms", data=body, headers={"X-Timestamp": stamp, "X-Signature": sign(SECRET, stamp, body)}
    )

    assert answer.status_code == 400 and count(app, InboundMessage) == 0


def test_a_sender_that_is_not_a_phone_number_is_ignored(app, sms):
    answer = sms("PROMO pulsa murah", "TELKOMSEL")

    assert answer.get_json() == {"status": "ignored", "outcome": "sender_not_a_phone"}
    assert count(app, InboundMessage) == 0


def test_a_switched_off_channel_says_so(app, client):
    assert app.config["SMS_WEBHOOK_SECRET"] == ""
    body, headers = SmsGatewayStandIn.webhook("BANTU", "+6281399990001")

    answer = client.post("/webhook/sms", data=body, headers=headers)

    assert answer.status_code == 503 and "SUITE_SMS_WEBHOOK_SECRET" in answer.get_json()["error"]
