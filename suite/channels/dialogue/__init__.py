"""The SMS and WhatsApp dialogue for blank-spot villages: keywords a basic phone can type
(``engine`` lists them), answered in Bahasa Indonesia through the outbox.

Channels (``suite.channels.sms``, ``suite.channels.whatsapp``) verify the gateway's signature,
parse its format into an ``Incoming`` and call ``gateway.deliver``; everything after that is
shared: ``inbound`` (each message id handled once), ``engine`` (what the message means),
``reports``/``drafts``/``places`` (a one-line report becomes a ticket draft), ``held`` and
``registration`` (phones no citizen owns yet), ``texts`` (what we answer).
"""
