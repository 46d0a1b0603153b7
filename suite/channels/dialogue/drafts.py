"""A one-line message becomes a ticket draft.

A web form asks for a category and the module's extra fields; a basic phone sends one line.
So the draft is completed here, and staff correct it on site:

- category: the module's own suggestion where it routes by keywords (e-Madul's stemmed keywords,
  ``ServiceModule.suggest_classification``), else the category whose code or label shares most
  words with the message (``lampu jalan mati`` -> street lighting); none shared: ``other`` where
  the module has it, else its first category;
- required extra fields are filled by the module itself (``ServiceModule.extras_from_text``;
  e-Lorong reads the road name and damage type from the words and leaves severity to staff);
- the result goes through the module's own schema: a module whose required fields no rule
  fills (e-Babhar's pregnancy data) is not offered by SMS/WhatsApp, and sensitive (health) data
  does not travel over SMS at all.
"""

from __future__ import annotations

import re

from flask_babel import force_locale
from flask_babel import gettext as _
from marshmallow import ValidationError

from suite.registry import Category, ServiceModule
from suite.ticketing.draft import TicketDraft

MIN_DESCRIPTION = 10  # as the ticketing service requires

_STOPWORDS = {
    "dan",
    "yang",
    "atau",
    "di",
    "ke",
    "dari",
    "ada",
    "ini",
    "itu",
    "tidak",
    "sudah",
    "belum",
    "mohon",
    "tolong",
    "sangat",
    "sekali",
    "kami",
    "saya",
    "kita",
    "untuk",
    "dengan",
    "pak",
    "bu",
    "bapak",
    "ibu",
    "lain",
    "lainnya",
    "bukan",
    "telepon",
    "nya",
    "liar",
    "umum",
    "masalah",
    "permintaan",
    "layanan",
    "pelayanan",
    "banyak",
}
# Words people type for what the labels call otherwise.
_SYNONYMS = {
    "got": "saluran",
    "selokan": "saluran",
    "parit": "saluran",
    "gorong": "saluran",
    "pju": "lampu",
    "bpjs": "bpjs",
    "kis": "bpjs",
    "pungli": "pungutan",
    "ktp": "ktp",
    "kk": "kk",
    "akte": "akta",
}


def words(text: str) -> set[str]:
    found = set()
    for word in re.findall(r"[a-z0-9]+", (text or "").lower()):
        word = _SYNONYMS.get(word, word)
        if (len(word) >= 3 or word in _SYNONYMS.values()) and word not in _STOPWORDS:
            found.add(word)
    return found


def _shared(said: set[str], vocabulary: set[str]) -> int:
    """Words in common; a longer word counts when one starts with the other (jembatannya)."""
    return sum(
        1
        for word in vocabulary
        if word in said
        or (len(word) >= 5 and any(s.startswith(word) or (len(s) >= 5 and word.startswith(s)) for s in said))
    )


def guess_category(module: ServiceModule, text: str) -> Category:
    suggestion = module.suggest_classification(text)
    suggested = module.category(suggestion.category) if suggestion else None
    if suggested is not None:
        return suggested
    said = words(text)
    best, best_score = None, 0
    with force_locale("id"):
        for category in module.categories:
            score = _shared(said, words(f"{category.code.replace('_', ' ')} {category.label}"))
            if score > best_score:
                best, best_score = category, score
    return best or module.category("other") or module.categories[0]


def fill_extras(module: ServiceModule, category: Category, text: str) -> dict:
    """The module reads its own extra fields out of one line (``ServiceModule.extras_from_text``)."""
    return module.extras_from_text(category, text)


# A word after the module's keyword that makes the report a suggestion or an information request
# (issue 11, item 9): "MADUL ASPIRASI Dabuan ...", "MADUL PPID Dabuan ...". Only where the module
# takes that kind; elsewhere the word stays part of the text (a desa is never called so).
KIND_WORDS = {
    "ASPIRASI": "aspiration",
    "SARAN": "aspiration",
    "USUL": "aspiration",
    "PPID": "information",
    "INFORMASI": "information",
}


def kind_from_text(module: ServiceModule, text: str) -> tuple[str, str]:
    """(the kind, the text without its kind word); the module's default kind when none is given."""
    word, _separator, rest = (text or "").strip().partition(" ")
    kind = KIND_WORDS.get(word.strip(":,.#").upper())
    if kind is not None and kind in module.accepted_kinds():
        return kind, rest
    return module.accepted_kinds()[0], text


def draft_from_text(module: ServiceModule, desa_code: str, text: str) -> TicketDraft:
    text = " ".join((text or "").split())
    category = guess_category(module, text)
    return TicketDraft(
        category=category.code, description=text, desa_code=desa_code, extras=fill_extras(module, category, text)
    )


def by_message(module: ServiceModule) -> bool:
    """Whether the module can be reported to in one SMS line."""
    if module.sensitive or not module.categories:
        return False
    try:
        module.validate_extras(fill_extras(module, module.categories[0], ""), module.categories[0].code)
    except ValidationError:
        return False
    return True


def problem(module: ServiceModule, draft: TicketDraft) -> str | None:
    """What the citizen must send again, checked before anything is written or held."""
    if len(draft.description.strip()) < MIN_DESCRIPTION:
        return _("Ceritakan keluhannya setelah nama desa, paling sedikit %(n)s huruf.", n=MIN_DESCRIPTION)
    try:
        module.validate_extras(draft.extras, draft.category)
    except ValidationError:
        return _("Laporan ini belum bisa dikirim lewat pesan singkat; silakan gunakan situs web.")
    return None
