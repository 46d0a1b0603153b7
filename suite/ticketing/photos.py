"""Photos are re-encoded from their pixels before they are stored, whatever channel brought them.

A phone photo carries EXIF (the GPS point of the citizen's home, the phone's make and serial,
the time), XMP and sometimes IPTC blocks; a crafted file may also hide data after the image or be
a decompression bomb (a few KB that claim gigapixels). Copying only the pixels into a new image
drops every block at once. The steps: refuse what Pillow cannot decode or what claims too many
pixels; read the GPS point (the caller may use it, with the citizen's consent, before it is
gone); apply the EXIF orientation so the photo still stands upright without its tag; shrink the
longest side; convert colours to sRGB (the ICC profile is then dropped: it only describes
colours, and sRGB is what every browser assumes); write JPEG, or PNG when the photo has
transparency.
"""

from __future__ import annotations

import io
import logging
import math
import warnings
from dataclasses import dataclass
from typing import cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import ExifTags, Image, ImageCms, ImageOps

log = logging.getLogger(__name__)

_GPS_LATITUDE_REF, _GPS_LATITUDE, _GPS_LONGITUDE_REF, _GPS_LONGITUDE = 1, 2, 3, 4


class PhotoError(ValueError):
    """The file is not a photo the suite can use; ``args[0]`` says why, for the citizen."""


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    extension: str
    gps: tuple[float, float] | None  # (latitude, longitude) the camera recorded, before stripping


def reencode(data: bytes, name: str = "") -> CleanPhoto:
    """``data`` (JPEG, PNG or WebP bytes) re-encoded without any metadata.

    Raises PhotoError for a broken, truncated or oversized (in pixels) image. Limits come from
    the settings ``PHOTO_MAX_PIXELS``, ``PHOTO_MAX_SIDE`` and ``PHOTO_JPEG_QUALITY``.
    """
    config = current_app.config
    max_pixels = int(config.get("PHOTO_MAX_PIXELS", 40_000_000))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > max_pixels:
                raise PhotoError(
                    _l(
                        "Foto %(name)s terlalu besar (lebih dari %(mp)s megapiksel).",
                        name=name,
                        mp=max_pixels // 1_000_000,
                    )
                )
            image.load()  # decodes now: a truncated file fails here, not later
            gps = _gps_of(image)
            upright = ImageOps.exif_transpose(image)
            return _write(
                upright, int(config.get("PHOTO_MAX_SIDE", 2048)), int(config.get("PHOTO_JPEG_QUALITY", 85)), gps
            )
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(
            _l("Foto %(name)s terlalu besar (lebih dari %(mp)s megapiksel).", name=name, mp=max_pixels // 1_000_000)
        ) from None
    except Exception as error:  # noqa: BLE001 - Pillow's decoders raise many types for bad input
        log.info("photo %s refused: %r", name, error)
        raise PhotoError(_l("Foto %(name)s rusak atau tidak lengkap; kirim ulang fotonya.", name=name)) from None


def _write(image: Image.Image, max_side: int, quality: int, gps) -> CleanPhoto:
    image = _in_srgb(image)
    transparent = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if transparent else "RGB")
    # An RGBA image has one (low, high) pair per band; the fourth is the alpha channel's.
    if transparent and cast(tuple[tuple[int, int], ...], image.getextrema())[3][0] == 255:
        image, transparent = image.convert("RGB"), False  # an alpha channel with nothing see-through
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image from the pixels alone: no info, EXIF, XMP, ICC or trailing bytes can follow.
    pixels = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    if transparent:
        pixels.save(buffer, format="PNG", optimize=True)
        return CleanPhoto(buffer.getvalue(), "image/png", "png", gps)
    pixels.save(buffer, format="JPEG", quality=quality, optimize=True)
    return CleanPhoto(buffer.getvalue(), "image/jpeg", "jpg", gps)


def _in_srgb(image: Image.Image) -> Image.Image:
    """Pixels converted from the embedded colour profile to sRGB (so dropping the profile does
    not shift colours); unchanged when there is none or it cannot be read."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
        return converted if converted is not None else image  # None only for inPlace=True
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _gps_of(image: Image.Image) -> tuple[float, float] | None:
    """The (latitude, longitude) in the EXIF GPS block, or None when absent or nonsense."""
    try:
        block = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        latitude = _degrees(block[_GPS_LATITUDE], block.get(_GPS_LATITUDE_REF, "N"), "S")
        longitude = _degrees(block[_GPS_LONGITUDE], block.get(_GPS_LONGITUDE_REF, "E"), "W")
    except Exception:  # noqa: BLE001 - a missing or malformed block means "no point", never an error
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)) or not (
        -90 <= latitude <= 90 and -180 <= longitude <= 180
    ):
        return None
    if latitude == 0 and longitude == 0:
        return None  # cameras without a fix write zeros
    return round(latitude, 6), round(longitude, 6)


def _degrees(parts, ref, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in parts)
    value = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    return -value if str(ref).strip().upper().startswith(negative) else value
