"""``GET`` and ``POST /webhook/whatsapp``: the Cloud API contract is in ``suite.channels.whatsapp``."""

from __future__ import annotations

import hmac
import json

from flask import Blueprint, Response, current_app, jsonify, request

from suite.channels.dialogue.gateway import channel_off, deliver, refuse, unfinished_answer
from suite.channels.whatsapp import signature
from suite.channels.whatsapp.adapter import WhatsAppChannel
from suite.channels.whatsapp.payload import PayloadError, messages, to_incoming
from suite.security.limits import limit_webhook_refusals

blueprint = Blueprint("whatsapp", __name__)


@blueprint.get("/webhook/whatsapp")
@limit_webhook_refusals  # issue 9, item 2: refusals per source address
def verify():
    token = current_app.config.get("WHATSAPP_VERIFY_TOKEN")
    if not token:
        return channel_off("WhatsApp", "SUITE_WHATSAPP_VERIFY_TOKEN")
    offered = request.args.get("hub.verify_token", "")
    if request.args.get("hub.mode") != "subscribe" or not hmac.compare_digest(offered.encode(), token.encode()):
        return refuse("whatsapp_verify", "wrong hub.mode or hub.verify_token", status=403)
    return Response(request.args.get("hub.challenge", ""), mimetype="text/plain")


@blueprint.post("/webhook/whatsapp")
@limit_webhook_refusals  # issue 9, item 2: refusals per source address
def receive():
    secret = current_app.config.get("WHATSAPP_APP_SECRET")
    if not secret:
        return channel_off("WhatsApp", "SUITE_WHATSAPP_APP_SECRET")
    body = request.get_data(cache=True)
    refusal = signature.problem(secret, request.headers.get("X-Hub-Signature-256"), body)
    if refusal:
        return refuse("whatsapp_webhook", refusal)
    try:
        found = list(messages(json.loads(body)))
    except (ValueError, PayloadError) as error:
        return jsonify(error=str(error)[:200]), 400
    channel, outcomes = WhatsAppChannel(), []
    for message in found:
        incoming = to_incoming(message) if isinstance(message, dict) else None
        outcomes.append(deliver(channel, incoming) if incoming else "ignored")
    if "unfinished" in outcomes:  # Meta sends the whole batch again; the others are duplicates by then
        return unfinished_answer()
    return jsonify(status="accepted", outcomes=outcomes)
