"""Absolute links the suite sends in messages (password reset, staff invitations, staff notices).

Built on ``PUBLIC_URL`` when it is set, never on the Host a request claims: a link taken from the
request would let anyone who can make the suite send a message (a report, a "forgot password")
point it at their own site. Without ``PUBLIC_URL`` (the demo on this machine) the request's host
serves, which ``TRUSTED_HOSTS`` (suite.config) limits to this machine's own names.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values) -> str:
    public = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if has_request_context():
        if not public:
            return url_for(endpoint, _external=True, **values)
        return public + url_for(endpoint, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return public + path  # a bare path when run from the CLI without PUBLIC_URL
