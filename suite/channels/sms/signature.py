"""The SMS gateway's request signature: HMAC-SHA256 over ``<timestamp>.<raw body>``."""

from __future__ import annotations

import hashlib
import hmac
import time

MAX_AGE_SECONDS = 300


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The header value a gateway sends (also what tests and gateway stand-ins use)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def problem(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float | None = None
) -> str | None:
    """Why the request is refused, or None. Compared in constant time."""
    if not signature or not timestamp:
        return "missing X-Signature or X-Timestamp"
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip().lower()):
        return "bad signature"
    try:
        age = (time.time() if now is None else now) - int(timestamp)
    except ValueError:
        return "bad timestamp"
    if abs(age) > MAX_AGE_SECONDS:
        return f"stale timestamp ({int(age)} s old)"
    return None
