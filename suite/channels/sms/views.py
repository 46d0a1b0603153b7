"""``POST /webhook/sms``: the gateway contract is in ``suite.channels.sms``."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request

from suite.channels.dialogue.gateway import channel_off, deliver, refuse, unfinished_answer
from suite.channels.dialogue.message import Incoming
from suite.channels.sms import signature
from suite.channels.sms.adapter import SmsChannel
from suite.identity.phones import PhoneError, to_e164
from suite.security.limits import limit_webhook_refusals

blueprint = Blueprint("sms", __name__)


@blueprint.post("/webhook/sms")
@limit_webhook_refusals  # issue 9, item 2: refusals per source address
def receive():
    secret = current_app.config.get("SMS_WEBHOOK_SECRET")
    if not secret:
        return channel_off("SMS", "SUITE_SMS_WEBHOOK_SECRET")
    body = request.get_data(cache=True)
    refusal = signature.problem(secret, request.headers.get("X-Timestamp"), request.headers.get("X-Signature"), body)
    if refusal:
        return refuse("sms_webhook", refusal)
    try:
        message = json.loads(body)
        if not isinstance(message["id"], str | int) or isinstance(message["id"], bool):
            raise ValueError  # a null id would become "None", one id for every such message
        external_id, sender, text = str(message["id"]).strip(), str(message["from"]), message.get("text") or ""
        if not external_id or not isinstance(text, str):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return jsonify(error='expected JSON {"id", "from", "text", "received_at"}'), 400
    try:
        phone = to_e164(sender)
    except PhoneError:
        return jsonify(status="ignored", outcome="sender_not_a_phone")
    outcome = deliver(SmsChannel(), Incoming(channel="sms", external_id=external_id, phone=phone, text=text))
    if outcome == "unfinished":
        return unfinished_answer()
    return jsonify(status="duplicate" if outcome == "duplicate" else "accepted", outcome=outcome)
