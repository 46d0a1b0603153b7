"""The connector's wire protocol: JSON over HTTP with a bearer token.

- ``POST {base_url}/laporan`` with the mapped ticket (``suite.connectors.mapping``), the headers
  ``Authorization: Bearer <token>`` and ``Idempotency-Key: <key>``; the remote answers 200/201
  ``{"id": "<its reference>", "status": "<its status>"}`` (``tracking_id`` or ``TrackingID`` are
  read as the id too, LAPOR!'s public name for it). A 409 carrying an id means "already have it".
- ``GET {base_url}/laporan/<id>`` answers ``{"id", "status"}``.

Idempotency (ASSUMED of the remote, and what the stand-in in the tests does): a repeated POST with
the same ``Idempotency-Key`` (also sent in the body as ``source.idempotency_key``) returns the
report made the first time instead of a new one. That is what makes a retry after a timeout
safe: the first attempt may have been filed even though its answer never reached us.

Failures are sorted for the outbox: timeouts, connection errors, 5xx and 429 are worth another
try (``DeliveryError``); any other 4xx will not get better by itself (``permanent``). The token
is sent only in the header and never appears in an error message.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import httpx
from flask import current_app

from suite.notify.senders import DeliveryError

ID_FIELDS = ("id", "tracking_id", "TrackingID")
# An answer is a small JSON object; a remote sending more (by mistake or to tie the worker up) is cut
# off: its answer is read up to this size and within the timeout as a whole, not per chunk.
MAX_ANSWER_BYTES = 64 * 1024


def _send(method: str, url: str, **options) -> httpx.Response:
    """The request, with its answer read at most ``MAX_ANSWER_BYTES`` and within the timeout overall."""
    deadline = time.monotonic() + _timeout()
    with httpx.stream(method, url, timeout=_timeout(), **options) as response:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_ANSWER_BYTES:
                raise DeliveryError(f"answer larger than {MAX_ANSWER_BYTES} bytes")
            if time.monotonic() > deadline:
                raise DeliveryError("answer took longer than the timeout")
        content_type = response.headers.get("content-type", "application/json")
        return httpx.Response(response.status_code, headers={"content-type": content_type}, content=bytes(body))


def _timeout() -> float:
    return float(current_app.config.get("CONNECTOR_TIMEOUT_SECONDS", 10))


def _headers(token: str | None, idempotency_key: str | None = None) -> dict[str, str]:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    return headers


def _scrub(text: str, token: str | None) -> str:
    text = text[:300]
    return text.replace(token, "***") if token else text


def _remote_id(data: object) -> str | None:
    if not isinstance(data, dict):
        return None
    for name in ID_FIELDS:
        value = data.get(name)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()[:200]
    return None


def _remote_status(data: object) -> str | None:
    value = data.get("status") if isinstance(data, dict) else None
    return str(value).strip()[:80] if isinstance(value, str | int) and str(value).strip() else None


def post_report(base_url: str, token: str | None, payload: dict, idempotency_key: str) -> tuple[str, str | None]:
    """File one report; (remote id, remote status) or ``DeliveryError``."""
    url = f"{base_url.rstrip('/')}/laporan"
    try:
        response = _send("POST", url, json=payload, headers=_headers(token, idempotency_key))
    except httpx.HTTPError as error:
        raise DeliveryError(f"HTTP: {type(error).__name__}: {_scrub(str(error), token)}") from None
    data = _json(response)
    if response.status_code == 409 and _remote_id(data):
        return _remote_id(data) or "", _remote_status(data)  # the remote already has it: the same report
    _raise_for_status(response, token)
    remote_id = _remote_id(data)
    if remote_id is None:
        raise DeliveryError(f"unexpected answer: {_scrub(response.text, token)}")
    return remote_id, _remote_status(data)


def get_status(base_url: str, token: str | None, remote_id: str) -> str | None:
    """The remote's current status for one report, or ``DeliveryError``."""
    url = f"{base_url.rstrip('/')}/laporan/{quote(remote_id, safe='')}"
    try:
        response = _send("GET", url, headers=_headers(token))
    except httpx.HTTPError as error:
        raise DeliveryError(f"HTTP: {type(error).__name__}: {_scrub(str(error), token)}") from None
    _raise_for_status(response, token)
    return _remote_status(_json(response))


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _raise_for_status(response: httpx.Response, token: str | None) -> None:
    status = response.status_code
    if status >= 500 or status == 429:
        raise DeliveryError(f"HTTP {status}: {_scrub(response.text, token)}")
    if status >= 400:
        raise DeliveryError(f"HTTP {status}: {_scrub(response.text, token)}", permanent=True)
