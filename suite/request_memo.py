"""Values worked out once per request (the reader's clock, category names in their language).

Kept on the request object, not ``g``: an app context (and its ``g``) may outlive one request. Outside
a request (a command, a test's app context) nothing is kept and the value is made each time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import has_request_context, request

T = TypeVar("T")


def per_request(name: str, make: Callable[[], T]) -> T:
    """``make()`` once per request under ``name``; the kept value after that."""
    if not has_request_context():
        return make()
    attribute = f"_suite_{name}"
    kept = getattr(request, attribute, None)
    if kept is None:
        kept = make()
        setattr(request, attribute, kept)
    return kept
