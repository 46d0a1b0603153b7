"""E-mail addresses typed by an admin (an agency's office, a staff member's work address)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

MAX_LENGTH = 254


class EmailError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def normalise_email(raw: str | None) -> str:
    """The address in its stored form (domain lowercased, the whole address for staff lowercased
    by the caller); raise ``EmailError`` for anything that is not one. No DNS lookup: offices on an
    intranet mail server are valid too."""
    text = (raw or "").strip()
    if not text or len(text) > MAX_LENGTH:
        raise EmailError(_l("Alamat email tidak valid."))
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise EmailError(_l("Alamat email tidak valid.")) from None
