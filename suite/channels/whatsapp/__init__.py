"""The WhatsApp channel over the WhatsApp Cloud API (Meta Graph API).

Switched off while ``SUITE_WHATSAPP_APP_SECRET`` (messages) or ``SUITE_WHATSAPP_VERIFY_TOKEN``
(the subscription handshake) is empty: those requests answer 503.

- ``GET /webhook/whatsapp?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...``: Meta's
  handshake; the challenge is echoed when the token matches, else 403 (logged).
- ``POST /webhook/whatsapp`` with ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body
  with WHATSAPP_APP_SECRET>`` (compared in constant time; a bad or missing one answers 401 and
  is logged): ``{"object": "whatsapp_business_account", "entry": [{"changes": [{"value":
  {"messages": [...]}}]}]}``. Message types read: ``text``, ``location``, ``image`` and
  ``document`` (photos and PDFs, with an optional caption), ``interactive`` (``list_reply`` /
  ``button_reply`` menu choices) and ``button``; other types get a polite "cannot read this".
  Delivery ``statuses`` are ignored. Each message id (``wamid...``) is handled once.
- Photos are fetched when the report opens: ``GET {WHATSAPP_API_URL}/{media-id}`` (bearer
  ``WHATSAPP_TOKEN``) answers ``{"url"}``, then ``GET <url>`` with the same bearer gives the bytes.
- Replies go through the outbox: text via ``suite.notify.senders.send_whatsapp``; the service
  menu as an interactive list (``menu.py``). Free-form replies are allowed within 24 hours of the
  citizen's last message, which is when the dialogue answers.
"""
