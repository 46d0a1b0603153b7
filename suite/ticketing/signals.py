"""Signals the ticketing services send; SLA, notifications and audit listen to them."""

from blinker import Namespace

_signals = Namespace()

ticket_created = _signals.signal("ticket-created")
status_changed = _signals.signal("status-changed")
ticket_commented = _signals.signal("ticket-commented")
ticket_assigned = _signals.signal("ticket-assigned")
ticket_forwarded = _signals.signal("ticket-forwarded")
