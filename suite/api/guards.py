"""Who calls is settled before the request body is read: an unauthenticated client gets 401 and
learns nothing from validation errors, and no body is parsed for it."""

from __future__ import annotations

from functools import wraps

from flask import g

from suite.api.auth import citizen_caller, current_caller


def caller_required(citizen_only: bool = False):
    """Decorator for write endpoints; place it above ``@blueprint.arguments``. The caller is in ``g.api_caller``."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            g.api_caller = citizen_caller() if citizen_only else current_caller()
            return view(*args, **kwargs)

        return wrapped

    return decorator
