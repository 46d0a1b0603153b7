"""Photo and PDF uploads: the type is sniffed from the bytes, never trusted from the name, and
photos are re-encoded without their metadata (``photos.reencode``) before anything is stored.

PDFs are kept byte for byte: they may still carry an author, the producing software, creation
dates, XMP and embedded files; staff see them only behind sign-in."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l

from suite.config import make_private_dir
from suite.database import on_rollback
from suite.ticketing import photos

ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


class AttachmentError(ValueError):
    pass


@dataclass
class Upload:
    """A file as a channel received it: the name the sender gave and its bytes."""

    filename: str
    data: bytes


@dataclass
class CheckedUpload:
    original_name: str
    data: bytes
    content_type: str
    extension: str
    sha256: str  # of the bytes stored: the re-encoded photo, not what was sent
    gps: tuple[float, float] | None = None  # where the camera said the photo was taken (its EXIF)


def check_upload(upload: Upload) -> CheckedUpload:
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    name = _safe_name(upload.filename)
    if not upload.data:
        raise AttachmentError(_l("Berkas %(name)s kosong.", name=name))
    if len(upload.data) > limit:
        raise AttachmentError(
            _l("Berkas %(name)s terlalu besar (maksimal %(mb)s MB).", name=name, mb=limit // (1024 * 1024))
        )
    kind = filetype.guess(upload.data)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise AttachmentError(_l("Berkas %(name)s bukan foto (JPEG, PNG, WebP) atau PDF.", name=name))
    if kind.mime == "application/pdf":
        return CheckedUpload(
            name, upload.data, kind.mime, ALLOWED_TYPES[kind.mime], hashlib.sha256(upload.data).hexdigest()
        )
    try:
        photo = photos.reencode(upload.data, name)
    except photos.PhotoError as error:
        raise AttachmentError(error.args[0]) from None
    return CheckedUpload(
        name, photo.data, photo.content_type, photo.extension, hashlib.sha256(photo.data).hexdigest(), gps=photo.gps
    )


def photo_location(checked: list[CheckedUpload]) -> tuple[float, float] | None:
    """The first GPS point found in the photos' metadata (read before it was stripped)."""
    return next((item.gps for item in checked if item.gps is not None), None)


def max_files(module=None) -> int:
    """Files one report may carry: the suite's UPLOAD_MAX_FILES, or fewer where the module says so
    (``ServiceModule.max_photos``: e-Lorong takes 3)."""
    limit = int(current_app.config["UPLOAD_MAX_FILES"])
    own = getattr(module, "max_photos", None)
    return min(limit, own) if own else limit


def check_uploads(uploads: list[Upload], module=None) -> list[CheckedUpload]:
    uploads = [u for u in uploads if u.filename or u.data]
    limit = max_files(module)
    if len(uploads) > limit:
        if limit < current_app.config["UPLOAD_MAX_FILES"]:
            raise AttachmentError(_l("Paling banyak %(n)s foto untuk satu laporan.", n=limit))
        raise AttachmentError(_l("Paling banyak %(n)s berkas.", n=limit))
    return [check_upload(u) for u in uploads]


def store(checked: CheckedUpload) -> str:
    """Write the bytes under the upload folder; return the stored name. Call inside the write
    transaction that records the file: its rollback deletes the file again."""
    stored_name = f"{uuid.uuid4().hex}.{checked.extension}"
    path = upload_path(stored_name)
    # Owner-only folders and files (issue 9, item 13): photos of people and homes are personal data.
    make_private_dir(path.parent.parent)
    make_private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    on_rollback(partial(path.unlink, missing_ok=True))
    with os.fdopen(descriptor, "wb") as out:
        out.write(checked.data)
    return stored_name


def upload_path(stored_name: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / stored_name[:2] / stored_name


def discard(stored_names: list[str]) -> None:
    """Remove files written for a transaction that did not commit."""
    for name in stored_names:
        upload_path(name).unlink(missing_ok=True)


def _safe_name(filename: str) -> str:
    base = Path(filename or "berkas").name
    return re.sub(r"[^\w.\- ]", "_", base)[:150] or "berkas"
