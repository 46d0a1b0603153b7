"""Fetching a photo the citizen sent: media id -> short-lived URL -> bytes (both with the token)."""

from __future__ import annotations

import mimetypes
import re

import httpx
from flask import current_app

from suite.channels.dialogue.message import MediaError
from suite.ticketing.attachments import Upload

_MEDIA_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,200}$")


def fetch(media: dict) -> Upload:
    config = current_app.config
    media_id = str(media.get("id") or "")
    if not _MEDIA_ID.match(media_id):  # it becomes part of a URL path
        raise MediaError("unusable media id")
    headers = {"Authorization": f"Bearer {config['WHATSAPP_TOKEN']}"}
    limit = config["UPLOAD_MAX_BYTES"]
    try:
        answer = httpx.get(f"{config['WHATSAPP_API_URL'].rstrip('/')}/{media_id}", headers=headers, timeout=20)
        answer.raise_for_status()
        url = answer.json()["url"]
        data = bytearray()
        with httpx.stream("GET", url, headers=headers, timeout=30) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > limit:
                    raise MediaError("media larger than the upload limit")
    except (httpx.HTTPError, KeyError, TypeError, ValueError) as error:
        raise MediaError(f"media {media_id}: {type(error).__name__}") from None
    extension = mimetypes.guess_extension((media.get("mime_type") or "").split(";")[0].strip()) or ""
    return Upload(f"whatsapp-{media_id}{extension}", bytes(data))
