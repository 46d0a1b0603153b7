"""Meta's webhook signature: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>``."""

from __future__ import annotations

import hashlib
import hmac


def sign(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def problem(app_secret: str, header: str | None, body: bytes) -> str | None:
    """Why the request is refused, or None. Compared in constant time."""
    if not header:
        return "missing X-Hub-Signature-256"
    if not hmac.compare_digest(sign(app_secret, body), header.strip().lower()):
        return "bad signature"
    return None
