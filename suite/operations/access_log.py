"""gunicorn's access log without what a URL may carry about a person (``gunicorn.conf.py`` names it).

The log keeps the method, the path, the status and the timing; it drops the query string (filters and
search terms a citizen or an officer typed) wherever a log format could print it, and masks in the path
a NIK-shaped number (none should be there: NIKs never go in URLs, this is the net under that rule) and
the one-time token of a password-reset or invitation link, which would let anyone reading the log use
the link before its owner does.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

from suite.privacy.redaction import redact_nik

# A path segment of 20 or more URL-safe characters is a token (``secrets.token_urlsafe``); the suite's
# own identifiers (ticket codes like LRG-7K3Q-9MDP, numbers, slugs) are shorter.
_TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-]{20,}(?=/|$|\.)")
TOKEN_MASK = "[token]"


def loggable_path(path: str | None) -> str:
    """``path`` with tokens and NIK-shaped numbers masked; never a query string."""
    path = (path or "-").split("?", 1)[0]
    return redact_nik(_TOKEN_SEGMENT.sub(TOKEN_MASK, path)) or "-"


class AccessLogger(Logger):
    """gunicorn's logger with the access log's URL atoms made safe (see the module docstring)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = loggable_path(environ.get("PATH_INFO"))
        atoms["U"] = path
        atoms["r"] = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
        atoms["q"] = "-"
        atoms["f"] = loggable_path(atoms.get("f")) if atoms.get("f") not in (None, "-") else "-"
        for name in ("{query_string}e", "{raw_uri}e", "{request_uri}e", "{referer}i"):
            if name in atoms:
                atoms[name] = "-"
        return atoms
