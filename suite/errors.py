"""The errors a service raises, by what they mean; each edge (web, API, Open311, SMS) maps them once.

The domain never speaks HTTP: a service says "not found", "forbidden", "conflict" or "invalid",
and ``suite.web_errors``, ``suite.api.errors``, ``suite.channels.open311.formats`` and the
message dialogue turn that into a status code or a reply.
"""

from __future__ import annotations


class DomainError(ValueError):
    """A refused operation. ``message`` is for the person; ``errors`` maps input names to messages."""

    def __init__(self, message, errors: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.errors = dict(errors or {})


class Invalid(DomainError):
    """The input is wrong; the person can correct it and try again."""


class NotFound(DomainError):
    """What the operation names does not exist (or is not shown to this person)."""


class Forbidden(DomainError):
    """This person may not do this."""


class Conflict(DomainError):
    """The thing is not in a state that allows this now (closed, already rated, busy)."""


class Unavailable(DomainError):
    """The service cannot take this at all now (switched off, not configured)."""
