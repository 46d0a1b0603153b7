"""Phone numbers in E.164 (+62...), parsed with libphonenumber."""

from __future__ import annotations

import phonenumbers
from flask_babel import lazy_gettext as _l


class PhoneError(ValueError):
    pass


def to_e164(raw: str) -> str:
    """``0812-3456-7890`` -> ``+6281234567890``; raise ``PhoneError`` for anything unusable."""
    try:
        number = phonenumbers.parse(raw or "", "ID")
    except phonenumbers.NumberParseException:
        raise PhoneError(_l("Nomor telepon tidak dapat dibaca.")) from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(_l("Nomor telepon tidak valid."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
