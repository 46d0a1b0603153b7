"""How the server-rendered pages (portal, staff, module views) answer a refused operation."""

from __future__ import annotations

from suite.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, Unavailable

_STATUS = ((Invalid, 400), (NotFound, 404), (Forbidden, 403), (Conflict, 409), (Unavailable, 503))


def status_for(error: DomainError) -> int:
    """The HTTP status a page re-rendered after ``error`` is sent with."""
    return next((status for kind, status in _STATUS if isinstance(error, kind)), 400)
