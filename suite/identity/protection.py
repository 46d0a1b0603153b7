"""NIK at rest: AES-GCM encryption plus a keyed hash (blind index) for lookup and uniqueness.

Both keys are derived from ``NIK_KEY`` so one secret protects the column; the blind index
cannot be reversed without it, and equal NIKs give equal indexes so uniqueness holds.
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

_VERSION = b"v1"


def _derive(purpose: bytes) -> bytes:
    secret = current_app.config["NIK_KEY"].encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"suite-nik", info=purpose).derive(secret)


def _keys() -> tuple[bytes, bytes]:
    cache = current_app.extensions.setdefault("nik_keys", {})
    if not cache:
        cache["enc"], cache["index"] = _derive(b"encrypt"), _derive(b"blind-index")
    return cache["enc"], cache["index"]


def encrypt(value: str) -> str:
    key, _ = _keys()
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, value.encode(), _VERSION)
    return _VERSION.decode() + ":" + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    key, _ = _keys()
    version, payload = token.split(":", 1)
    raw = base64.b64decode(payload)
    return AESGCM(key).decrypt(raw[:12], raw[12:], version.encode()).decode()


def blind_index(value: str) -> str:
    _, key = _keys()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
