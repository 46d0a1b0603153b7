"""Signals the identity services send."""

from blinker import Namespace

_signals = Namespace()

# Sent by ``suite.identity.sessions.end_all_sessions(account)`` (password change or reset, deactivation,
# erasure, "sign out everywhere") after the account's web sessions are revoked, in the same
# transaction; argument: the account (a ``Citizen`` or ``Staff``). Receivers end whatever else keeps
# the account signed in (the channels revoke the API's bearer tokens) and flush, never commit.
all_sessions_ended = _signals.signal("all-sessions-ended")
