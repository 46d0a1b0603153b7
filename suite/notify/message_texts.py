"""The wording of the messages the suite sends: the default in code, or an admin's override per
language (issue 12, item 3). Senders call ``render(key, **values)``; the admin page calls ``check``,
``save`` and ``reset``. Services flush, never commit.

An override names placeholders in braces (``{code}``); they are replaced by plain substitution,
never ``str.format`` (which would let ``{code.__class__}`` reach into objects).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.audit.services import record
from suite.errors import Invalid
from suite.extensions import db
from suite.notify.message_catalogue import DEFINITIONS, LANGUAGES, PLACEHOLDERS, MessageDefinition
from suite.notify.models import MessageText
from suite.privacy.redaction import redact_nik

SMS_LIMIT = 300  # the outbox sends at most 320 characters by SMS, the ticket code in front
MAX_LENGTH = 1000
SMS_PART = 153  # characters per part of a multi-part SMS
_TOKEN = re.compile(r"\{([^{}]*)\}")
_PERCENT = re.compile(r"%\((\w+)\)s")


def render(key: str, **values: Any) -> str:
    """The message ``key`` in the current language (senders hold ``force_locale("id")``): the
    admin's override when there is one, else the default from the catalogues."""
    definition = DEFINITIONS[key]
    language = _language()
    filled = {name: str(values.get(name, "")) for name in definition.placeholders}
    override = stored(key, language)
    if override is not None:
        return fill(override, filled)
    return str(definition.default) % filled


def fill(text: str, values: dict[str, str]) -> str:
    return _TOKEN.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def default_text(definition: MessageDefinition, language: str) -> str:
    """The default in ``language`` as an admin writes it, with ``{name}`` placeholders."""
    with force_locale(language):
        return _PERCENT.sub(r"{\1}", str(definition.default))


def stored(key: str, language: str) -> str | None:
    memo = _remembered.get()
    if memo is not None and (key, language) in memo:
        return memo[(key, language)]
    body = db.session.execute(
        select(MessageText.body).where(MessageText.key == key, MessageText.language == language)
    ).scalar_one_or_none()
    if memo is not None:
        memo[(key, language)] = body
    return body


# Within ``remembered()``, each stored text is read once: the sweep renders a message per escalated
# ticket, and the admin's texts do not change in the middle of its transaction.
_remembered: ContextVar[dict[tuple[str, str], str | None] | None] = ContextVar("message_texts_remembered", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def overrides() -> dict[tuple[str, str], str]:
    return {(row.key, row.language): row.body for row in db.session.execute(select(MessageText)).scalars()}


def preview(definition: MessageDefinition, text: str) -> str:
    return fill(text, {name: PLACEHOLDERS[name][1] for name in definition.placeholders})


def sms_parts(length: int) -> int:
    return 1 if length <= 160 else math.ceil(length / SMS_PART)


def check(definition: MessageDefinition, text: str) -> str:
    """The text trimmed, or ``Invalid`` ({"body": why}) when it names an unknown placeholder, leaves
    out a required one, has a stray brace, holds a NIK or is too long for its channel."""
    text = (text or "").strip()
    if not text:
        _refuse(_l("Wajib diisi. Untuk kembali ke teks bawaan, pakai tombol Kembalikan ke bawaan."))
    names = _TOKEN.findall(text)
    unknown = sorted({name for name in names if name not in definition.placeholders})
    if unknown:
        _refuse(
            _l(
                "Tanda %(unknown)s tidak dikenal untuk pesan ini. Yang boleh dipakai: %(allowed)s.",
                unknown=", ".join("{" + name + "}" for name in unknown),
                allowed=", ".join("{" + name + "}" for name in definition.placeholders) or "-",
            )
        )
    missing = [name for name in definition.required if name not in names]
    if missing:
        _refuse(
            _l(
                "Tanda %(missing)s wajib ada dalam pesan ini.",
                missing=", ".join("{" + name + "}" for name in missing),
            )
        )
    if "{" in _TOKEN.sub("", text) or "}" in _TOKEN.sub("", text):
        _refuse(_l("Kurung kurawal hanya dipakai untuk tanda seperti {code}."))
    if redact_nik(text) != text:
        _refuse(_l("Teks pesan tidak boleh memuat NIK atau nomor 16 angka."))
    if len(text) > MAX_LENGTH:
        _refuse(_l("Paling banyak %(limit)d huruf.", limit=MAX_LENGTH))
    length = len(preview(definition, text))
    if definition.sms and length > SMS_LIMIT:
        _refuse(
            _l(
                "Terlalu panjang untuk SMS: %(length)d huruf dengan contoh isian, paling banyak %(limit)d.",
                length=length,
                limit=SMS_LIMIT,
            )
        )
    return text


def save(actor: Any, definition: MessageDefinition, language: str, text: str) -> bool:
    """Store the admin's wording (checked first: nothing is stored when refused); audited with the
    text it replaced (None: the default). False when it is the same as stored."""
    _check_language(language)
    text = check(definition, text)
    row = db.session.execute(
        select(MessageText).where(MessageText.key == definition.key, MessageText.language == language)
    ).scalar_one_or_none()
    before = row.body if row is not None else None
    if before == text:
        return False
    if row is None:
        row = MessageText(key=definition.key, language=language, body=text)
        db.session.add(row)
    row.body, row.updated_by_id = text, getattr(actor, "id", None)
    db.session.flush()
    record(
        "update",
        "message_text",
        f"{definition.key}.{language}",
        staff=actor,
        detail=text[:200],
        before={"body": before},
        after={"body": text},
    )
    return True


def reset(actor: Any, definition: MessageDefinition, language: str) -> bool:
    """Back to the default in code; audited. False when there was no override."""
    _check_language(language)
    row = db.session.execute(
        select(MessageText).where(MessageText.key == definition.key, MessageText.language == language)
    ).scalar_one_or_none()
    if row is None:
        return False
    before = row.body
    db.session.delete(row)
    db.session.flush()
    record(
        "delete",
        "message_text",
        f"{definition.key}.{language}",
        staff=actor,
        detail=before[:200],
        before={"body": before},
        after={"body": None},
    )
    return True


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise Invalid(_l("Bahasa tidak dikenal."), {"language": _l("Bahasa tidak dikenal.")})


def _language() -> str:
    locale = get_locale()
    language = locale.language if locale is not None else "id"
    return language if language in LANGUAGES else "id"


def _refuse(message) -> None:
    raise Invalid(message, {"body": message})
