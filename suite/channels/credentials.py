"""API keys for partner systems and bearer tokens for citizens' apps.

Keys and tokens are random (256 bits) and stored only as SHA-256 hashes: a stolen database
does not reveal a usable key. The plain value is shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import bindparam, select, update

from suite.channels.models import ApiKey, CitizenToken, SecurityEvent
from suite.database import utcnow, write_transaction
from suite.extensions import db
from suite.identity.models import Citizen
from suite.identity.signals import all_sessions_ended

KEY_PREFIX = "sk_"
TOKEN_PREFIX = "ct_"
TOKEN_LIFETIME = timedelta(days=30)
LAST_USE_RESOLUTION = timedelta(minutes=5)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def create_api_key(name: str) -> tuple[ApiKey, str]:
    plain = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name.strip(), prefix=plain[:10], key_hash=_hash(plain))
    db.session.add(key)
    db.session.flush()
    return key, plain


_KEY_BY_HASH = select(ApiKey).where(ApiKey.key_hash == bindparam("key_hash"))  # built once: every API call


def api_key_for(plain: str | None) -> ApiKey | None:
    """The active key matching ``plain`` (a read; see ``record_use``)."""
    if not plain:
        return None
    key = db.session.execute(_KEY_BY_HASH, {"key_hash": _hash(plain.strip())}).scalar_one_or_none()
    if key is None or key.revoked_at is not None:
        return None
    return key


def record_use(key: ApiKey) -> ApiKey:
    """Note when a key was last used, at most every few minutes, in its own short write."""
    now = utcnow()
    if key.last_used_at is not None and now - key.last_used_at < LAST_USE_RESOLUTION:
        return key
    key_id = key.id
    with write_transaction():
        db.session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=now))
    return key  # expired by the commit: its next read loads the new last_used_at


def revoke_api_key(key_id: int) -> ApiKey | None:
    key = db.session.get(ApiKey, key_id)
    if key is not None and key.revoked_at is None:
        key.revoked_at = utcnow()
    return key


def issue_citizen_token(citizen: Citizen) -> str:
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(CitizenToken(citizen_id=citizen.id, token_hash=_hash(plain), expires_at=utcnow() + TOKEN_LIFETIME))
    db.session.flush()
    return plain


def citizen_for_token(plain: str | None) -> Citizen | None:
    if not plain:
        return None
    token = db.session.execute(
        select(CitizenToken).where(CitizenToken.token_hash == _hash(plain.strip()))
    ).scalar_one_or_none()
    if token is None or token.revoked_at is not None or token.expires_at < utcnow():
        return None
    return db.session.get(Citizen, token.citizen_id)


def revoke_citizen_token(plain: str) -> None:
    token = db.session.execute(
        select(CitizenToken).where(CitizenToken.token_hash == _hash(plain.strip()))
    ).scalar_one_or_none()
    if token is not None and token.revoked_at is None:
        token.revoked_at = utcnow()


@all_sessions_ended.connect
def revoke_citizen_tokens(account, **_) -> None:
    """Every bearer token of a citizen whose sessions all ended (a stolen phone app is signed out too)."""
    if getattr(account, "is_staff", True):
        return
    db.session.execute(
        update(CitizenToken)
        .where(CitizenToken.citizen_id == account.id, CitizenToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def log_security_event(kind: str, source: str | None, detail: str | None = None) -> None:
    """Record a refused request. Called in its own short transaction by the caller."""
    db.session.add(SecurityEvent(kind=kind, source=(source or "")[:80], detail=(detail or "")[:2000]))
