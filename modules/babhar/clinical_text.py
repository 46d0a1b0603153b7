"""Clinical wording kept as data (danger signs, card factors, risk bands and their advice, alarm
names) has an Indonesian and an English column: show the one of the reader's language."""

from __future__ import annotations

from flask_babel import get_locale


def english() -> bool:
    return str(get_locale() or "id").startswith("en")


def localized(row, field: str = "label") -> str:
    """``row.<field>_en`` for an English reader (when filled), else ``row.<field>_id``; rows may be
    model objects or csv dicts."""
    read = row.get if isinstance(row, dict) else (lambda name: getattr(row, name, None))
    return (english() and read(f"{field}_en")) or read(f"{field}_id") or ""
