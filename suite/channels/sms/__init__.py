"""The SMS channel: an SMS gateway (a modem pool or an operator's HTTP gateway) posts each
received SMS to ``POST /webhook/sms``; replies go through the outbox to ``SMS_GATEWAY_URL``.

Gateway contract (incoming), switched off while ``SUITE_SMS_WEBHOOK_SECRET`` is empty (503):

    POST /webhook/sms
    Content-Type: application/json
    X-Timestamp: 1767225600                       (Unix seconds when the gateway signed)
    X-Signature: sha256=<hex HMAC-SHA256 of "<X-Timestamp>.<raw body>" with SMS_WEBHOOK_SECRET>

    {"id": "gw-81723", "from": "+6281234500001", "text": "LORONG Dabuan jalan berlubang",
     "received_at": "2026-01-01T08:00:00+07:00"}

- The signature covers the timestamp, and a timestamp more than 5 minutes from our clock is
  refused: a captured request cannot be replayed later. Within those minutes the message id
  makes a replay harmless (nothing is done twice). Refusals answer 401 and are logged as
  security events (never with the body).
- ``id`` is the gateway's message id, stable across its retries. ``from`` is any number
  libphonenumber reads for Indonesia (``+62...``, ``0812...``); other senders (short codes,
  alphanumeric) are answered ``ignored`` and nothing is done.
- Answers: 200 ``{"status": "accepted" | "duplicate" | "ignored", "outcome": ...}``; 400 for a
  body that is not the JSON above; 401 refused signature or timestamp; 429 too many refusals from
  the address; 503 with ``Retry-After`` for a database outage or an id still being handled, 503
  for a switched-off channel. The gateway should retry on 429, 5xx and timeouts only, same id.
  README.md "SMS gateway contract" has it all with a worked curl example (tested).

Outgoing (``suite.notify.senders.send_sms``): ``POST {SMS_GATEWAY_URL}/messages``
``{"to": "+62...", "text": "..."}`` with ``Authorization: Bearer {SMS_GATEWAY_TOKEN}``,
answered ``{"id": ...}``.
"""
