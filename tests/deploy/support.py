"""What the deployment tests share: whether Redis answers here."""

from __future__ import annotations

import os

REDIS_URL = os.environ.get("SUITE_REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_answers(url: str = REDIS_URL) -> str | None:
    """None when Redis answers at ``url``, else why not."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001 - any failure means no Redis here
        return f"Redis is not reachable at {url} ({error.__class__.__name__}); CI runs one there"
    return None
