"""Cross-cutting protections: rate limits on intake surfaces and security headers (issue 9)."""

from __future__ import annotations

from flask import Flask


def init_security(app: Flask) -> None:
    """Headers on every response and the channel-shaped 429 answers; the limiter itself is
    initialised with the other extensions (``suite.extensions.limiter``)."""
    from suite.security.headers import init_security_headers
    from suite.security.limits import register_rate_limit_responses

    init_security_headers(app)
    register_rate_limit_responses(app)
