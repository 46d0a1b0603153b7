"""POST requests need a partner's API key; a refused key is logged for the auditors."""

from __future__ import annotations

from suite.channels.credentials import api_key_for, log_security_event, record_use
from suite.channels.models import ApiKey
from suite.database import write_transaction


def authorised_key(plain: str | None, source: str | None) -> ApiKey | None:
    """The active key for ``plain`` with its use recorded, or None (missing, unknown, revoked).

    A refusal of a key that was sent is written as a security event in its own short
    transaction; nothing is written for a request that sent no key at all.
    """
    if plain is None or not plain.strip():
        return None
    key = api_key_for(plain)
    if key is not None:
        return record_use(key)
    with write_transaction():
        # Only the non-secret prefix is kept, as on the admin page.
        log_security_event("open311_api_key_refused", source, f"key prefix {plain.strip()[:10]}")
    return None
