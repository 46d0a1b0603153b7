"""The email channel: mail to the intake address opens a ticket, a reply whose subject carries
the tracking code adds to it. Outgoing mail goes through the outbox (``suite.notify``).

- ``addresses``: which intake mailboxes exist and which service each one names
- ``parsing``: raw RFC 5322 bytes to an ``IncomingMail`` (text, attachments, tracking code)
- ``automatic``: bounces, auto-replies and bulk mail, which never open tickets
- ``drafting``: labelled lines (``Desa: Dabuan``) to a ticket draft for the chosen service
- ``processing``: one mail, one transaction: open, comment, or refuse politely
- ``server`` / ``cli``: the aiosmtpd server behind ``flask --app suite mail-intake``
"""
