"""NIK at rest: AES-GCM encryption plus a keyed hash (blind index) for lookup and uniqueness.

Both keys are derived from a NIK key so one secret protects the column; the blind index
cannot be reversed without it, and equal NIKs give equal indexes so uniqueness holds.

Keys are versioned (``suite.identity.keys``): ``NIK_KEY`` is the current key, named by
``NIK_KEY_VERSION``; ``NIK_KEYS_PREVIOUS`` holds older keys that still decrypt. Every ciphertext
starts with its key's version, which is also authenticated as associated data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from suite.identity.keys import VERSION_PATTERN


class KeyUnavailable(LookupError):
    """A ciphertext names a key version that is not configured."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"suite-nik", info=purpose).derive(secret.encode())


def _secrets() -> dict[str, str]:
    """Every configured key by version, current first."""
    config = current_app.config
    return {config.get("NIK_KEY_VERSION", "v1"): config["NIK_KEY"], **(config.get("NIK_KEYS_PREVIOUS") or {})}


def _keys(version: str) -> tuple[bytes, bytes]:
    secret = _secrets().get(version)
    if secret is None:
        raise KeyUnavailable(f"NIK key version {version!r} is not configured")
    # Cached by the secret too, so a changed setting never uses a stale derived key.
    cache = current_app.extensions.setdefault("nik_keys", {})
    if (version, secret) not in cache:
        cache[(version, secret)] = (_derive(secret, b"encrypt"), _derive(secret, b"blind-index"))
    return cache[(version, secret)]


def current_version() -> str:
    return current_app.config.get("NIK_KEY_VERSION", "v1")


def is_token(value: str | None) -> bool:
    """Whether ``value`` looks like ``encrypt`` output (an erased placeholder does not)."""
    version, separator, _ = (value or "").partition(":")
    return bool(separator) and bool(VERSION_PATTERN.match(version))


def encrypt(value: str) -> str:
    version = current_version()
    key, _ = _keys(version)
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, value.encode(), version.encode())
    return version + ":" + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    version, payload = token.split(":", 1)
    key, _ = _keys(version)
    raw = base64.b64decode(payload)
    return AESGCM(key).decrypt(raw[:12], raw[12:], version.encode()).decode()


def blind_index(value: str) -> str:
    """The index under the current key: what new and re-encrypted rows store."""
    _, key = _keys(current_version())
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def blind_indexes(value: str) -> list[str]:
    """The index under every configured key, current first: a lookup matches rows a rotation
    has not reached yet."""
    return [hmac.new(_keys(version)[1], value.encode(), hashlib.sha256).hexdigest() for version in _secrets()]
