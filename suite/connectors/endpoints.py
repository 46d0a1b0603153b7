"""Admin services for connector endpoints: save one, describe it for the audit trail without its
token, and send a refused forward again."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.connectors.mapping import build_payload, check_field_mapping, check_status_mapping
from suite.connectors.models import ConnectorEndpoint, ExternalReference
from suite.database import lock_row, utcnow
from suite.errors import Conflict, Invalid, NotFound
from suite.extensions import db
from suite.identity import protection
from suite.notify.models import OutboxMessage

TOKEN_MAX = 600


@dataclass
class EndpointInput:
    name: str
    base_url: str
    token: str | None  # None or empty: keep the stored token
    field_mapping: object
    status_mapping: object
    final_statuses: list[str] = field(default_factory=list)
    active: bool = True
    clear_token: bool = False


def snapshot(endpoint: ConnectorEndpoint) -> dict:
    """What the audit trail keeps of an endpoint: everything but the token, of which only a hint."""
    return {
        "name": endpoint.name,
        "base_url": endpoint.base_url,
        "token": f"…{endpoint.token_hint}" if endpoint.token_hint else None,
        "field_mapping": dict(endpoint.field_mapping or {}),
        "status_mapping": dict(endpoint.status_mapping or {}),
        "final_statuses": list(endpoint.final_statuses or []),
        "active": endpoint.active,
    }


def _checked(data: EndpointInput) -> dict:
    errors: dict[str, object] = {}
    name = (data.name or "").strip()
    if not name or len(name) > 80:
        errors["name"] = _l("Wajib diisi, paling banyak 80 karakter.")
    url = (data.base_url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 300:
        errors["base_url"] = _l("Alamat harus diawali http:// atau https://.")
    token = (data.token or "").strip()
    if len(token) > TOKEN_MAX or any(c.isspace() for c in token):
        errors["token"] = _l("Token tidak boleh berisi spasi dan paling banyak 600 karakter.")
    try:
        field_mapping = check_field_mapping(data.field_mapping)
    except ValueError:
        errors["field_mapping"] = _l(
            'Tulis objek JSON {"kolom tujuan": "atribut tiket"} dengan atribut dari daftar yang tersedia.'
        )
        field_mapping = {}
    try:
        status_mapping = check_status_mapping(data.status_mapping)
    except ValueError:
        errors["status_mapping"] = _l('Tulis objek JSON {"status di sana": "kalimat untuk warga"}.')
        status_mapping = {}
    finals = [s.strip()[:80] for s in data.final_statuses if s.strip()]
    if errors:
        raise Invalid(_l("Periksa isian yang ditandai."), errors)
    return {
        "name": name,
        "base_url": url.rstrip("/"),
        "token": token,
        "field_mapping": field_mapping,
        "status_mapping": status_mapping,
        "final_statuses": finals,
    }


def save_endpoint(endpoint_id: int | None, data: EndpointInput) -> tuple[ConnectorEndpoint, dict | None]:
    """Create (``endpoint_id`` None) or change an endpoint; (endpoint, its snapshot before). The
    caller writes the audit entry and commits."""
    values = _checked(data)
    clash = db.session.execute(
        select(ConnectorEndpoint.id).where(ConnectorEndpoint.name == values["name"])
    ).scalar_one_or_none()
    if clash is not None and clash != endpoint_id:
        raise Invalid(_l("Nama ini sudah dipakai."), {"name": _l("Nama ini sudah dipakai.")})
    if endpoint_id is None:
        endpoint, before = ConnectorEndpoint(), None
        db.session.add(endpoint)
    else:
        endpoint = lock_row(ConnectorEndpoint, endpoint_id)
        if endpoint is None:
            raise NotFound(_l("Sistem tujuan tidak ditemukan."))
        before = snapshot(endpoint)
    endpoint.name, endpoint.base_url = values["name"], values["base_url"]
    endpoint.field_mapping, endpoint.status_mapping = values["field_mapping"], values["status_mapping"]
    endpoint.final_statuses, endpoint.active = values["final_statuses"], bool(data.active)
    if values["token"]:
        endpoint.token_encrypted = protection.encrypt(values["token"])
        endpoint.token_hint = values["token"][-4:] if len(values["token"]) >= 12 else None
    elif data.clear_token:
        endpoint.token_encrypted, endpoint.token_hint = None, None
    endpoint.updated_at = utcnow()
    db.session.flush()
    return endpoint, before


def failed_references(limit: int = 100) -> list[ExternalReference]:
    return list(
        db.session.execute(
            select(ExternalReference)
            .where(ExternalReference.state == "failed")
            .order_by(ExternalReference.id.desc())
            .limit(limit)
        ).scalars()
    )


def retry_reference(reference_id: int) -> ExternalReference:
    """Put a refused forward back in the outbox, due now, with the same idempotency key."""
    reference = lock_row(ExternalReference, reference_id)
    if reference is None:
        raise NotFound(_l("Penerusan tidak ditemukan."))
    if reference.state != "failed":
        raise Conflict(_l("Hanya penerusan yang gagal yang dapat dikirim ulang."))
    message = lock_row(OutboxMessage, reference.outbox_message_id) if reference.outbox_message_id else None
    if message is None:
        raise Conflict(_l("Pesan penerusan ini sudah tidak ada; teruskan ulang dari halaman tiket."))
    from suite.connectors.forwarding import stays_inside

    if stays_inside(reference.ticket):
        raise Conflict(_l("Laporan kesehatan tidak pernah diteruskan ke sistem di luar layanan ini."))
    if not message.body:
        # The retention purge blanks the bodies of old failed messages: rebuild it, same key.
        payload = build_payload(reference.ticket, reference.endpoint.field_mapping or {}, reference.idempotency_key)
        message.body = json.dumps(payload, ensure_ascii=False)
    reference.state = "queued"
    message.status, message.attempts, message.next_attempt_at = "pending", 0, utcnow()
    message.claimed_by, message.claimed_until = None, None
    return reference


WEBHOOK_PREFIX = "wh_"


def _digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def issue_webhook_token(endpoint_id: int) -> tuple[ConnectorEndpoint, str, bool]:
    """A new token for the remote to call our webhook with, replacing any before it;
    (endpoint, the token to show once, whether one existed). Only its hash is kept."""
    endpoint = lock_row(ConnectorEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(_l("Sistem tujuan tidak ditemukan."))
    had = endpoint.webhook_token_hash is not None
    plain = WEBHOOK_PREFIX + secrets.token_urlsafe(32)
    endpoint.webhook_token_hash, endpoint.updated_at = _digest(plain), utcnow()
    return endpoint, plain, had


def webhook_token_matches(endpoint: ConnectorEndpoint, plain: str | None) -> bool:
    if not plain or not endpoint.webhook_token_hash:
        return False
    return hmac.compare_digest(endpoint.webhook_token_hash, _digest(plain.strip()))
