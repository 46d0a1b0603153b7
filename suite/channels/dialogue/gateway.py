"""What every phone webhook does around the dialogue: refuse and log bad requests, record each
message once, answer it through the outbox."""

from __future__ import annotations

import logging

from flask import g, jsonify, request
from flask_babel import force_locale

from suite.channels.credentials import log_security_event
from suite.channels.dialogue import engine, inbound, texts
from suite.channels.dialogue.message import Channel, Incoming, Outcome, Reply
from suite.database import write_transaction
from suite.extensions import db
from suite.operations.outage import is_outage

logger = logging.getLogger("suite.channels")


def channel_off(name: str, setting: str):
    """The channel is switched off by an empty setting: say so plainly, 503."""
    return jsonify(error=f"{name} channel is switched off: {setting} is not set"), 503


def unfinished_answer():
    """503 for a message id whose first handling has not finished (suite.channels.dialogue.inbound):
    the gateway sends it again later, and by then it is done ("duplicate") or taken over."""
    seconds = inbound.UNFINISHED_AFTER.seconds
    # The webhooks' rate limiter rewrites Retry-After to the later of this and the end of its own
    # window, rounded down (60 became 59; after refusals from the address, up to the window's 10
    # minutes); the hook that restores an outage 503's own value restores this one too
    # (suite.operations.outage_responses.keep_retry_after).
    g.suite_outage_retry_after = seconds
    return jsonify(error=f"message still being handled; retry after {seconds} s"), 503, {"Retry-After": str(seconds)}


def refuse(kind: str, detail: str, status: int = 401):
    """Log the refused request in its own transaction (no body: it may hold personal data)."""
    db.session.rollback()  # nothing the refused request did is kept
    with write_transaction():
        log_security_event(kind, request.remote_addr, detail)
    logger.warning("refused %s from %s: %s", kind, request.remote_addr, detail)
    return jsonify(error=detail), status


def deliver(channel: Channel, incoming: Incoming) -> str:
    """Handle one message once; return its outcome, ``duplicate`` for an id seen before, or
    ``unfinished`` for one still being handled (the webhook answers 503: ``unfinished_answer``)."""
    try:
        incoming.inbound_id = inbound.record(incoming)
    except inbound.Unfinished:
        logger.info("%s message %s not finished yet", incoming.channel, incoming.external_id)
        return "unfinished"
    if incoming.inbound_id is None:
        logger.info("%s message %s already handled", incoming.channel, incoming.external_id)
        return "duplicate"
    with force_locale("id"):
        try:
            outcome = engine.respond(channel, incoming)
        except Exception as error:  # the sender still hears something; the row shows what happened
            if is_outage(error):  # no "trouble" reply: the 503 makes the gateway send the message again
                raise
            # Bare on purpose: the message row recorded above must stay, so only what the
            # failed reply left open is dropped before ``finish`` records the outcome.
            db.session.rollback()
            logger.exception("%s message %s failed", incoming.channel, incoming.external_id)
            outcome = Outcome("error", [Reply(texts.trouble())])
        inbound.finish(channel, incoming, outcome)
    logger.info("%s message %s: %s", incoming.channel, incoming.external_id, outcome.name)
    return outcome.name
