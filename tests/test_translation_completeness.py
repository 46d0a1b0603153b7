"""Complete English (issue 14, item 4): every message id of every catalogue (the core's and each
module's) has an English translation that is neither empty nor fuzzy; the catalogues hold every
string the code and templates mark for translation (extracted here with babel's own API against
babel.cfg, as ``scripts/update-translations`` does); and the committed .mo files say what the .po
files say. Fix a failure with ``scripts/update-translations``, fill the English, then
``scripts/update-translations --compile``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.util import pathmatch

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
# (catalogue name, folder whose files it holds, its translations folder)
CATALOGUES = [("suite", ROOT / "suite", ROOT / "suite/translations")] + [
    (folder.parent.name, folder.parent, folder) for folder in sorted((ROOT / "modules").glob("*/translations"))
]


def english_catalogue(translations: Path):
    with open(translations / "en/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle, locale="en")


def untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return message.fuzzy or not all(strings)


def extracted_ids(source: Path) -> dict[str, str]:
    """Every msgid ``_()``, ``_l()``, ``ngettext()``... marks under ``source`` (the singular of a
    plural), with the first place it is used."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, str] = {}
    for path in sorted(p for p in source.rglob("*") if p.suffix in (".py", ".html")):
        relative = path.relative_to(ROOT).as_posix()
        method = next((m for pattern, m in method_map if pathmatch(pattern, relative)), None)
        if method is None:
            continue
        options = next((o for pattern, o in options_map.items() if pathmatch(pattern, relative)), {})
        for line, message, _comments, _context in extract_from_file(method, str(path), KEYWORDS, options=options):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault(msgid, f"{relative}:{line}")
    return found


@pytest.mark.parametrize("name,source,translations", CATALOGUES, ids=[c[0] for c in CATALOGUES])
def test_every_message_of_the_catalogue_has_its_english(name, source, translations):
    catalogue = english_catalogue(translations)
    missing = [f"{'fuzzy' if m.fuzzy else 'empty'}: {m.id!r}" for m in catalogue if m.id and untranslated(m)]
    assert not missing, f"{name}: {len(missing)} message(s) without English:\n" + "\n".join(missing)


@pytest.mark.parametrize("name,source,translations", CATALOGUES, ids=[c[0] for c in CATALOGUES])
def test_the_catalogue_holds_every_string_the_code_marks(name, source, translations):
    catalogue = english_catalogue(translations)
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue if m.id}
    absent = [f"{where}: {msgid!r}" for msgid, where in extracted_ids(source).items() if msgid not in known]
    assert not absent, (
        f"{name}: {len(absent)} string(s) missing from the catalogue (run scripts/update-translations):\n"
        + "\n".join(absent)
    )


@pytest.mark.parametrize("name,source,translations", CATALOGUES, ids=[c[0] for c in CATALOGUES])
def test_the_compiled_catalogue_says_what_the_po_says(name, source, translations):
    catalogue = english_catalogue(translations)
    with open(translations / "en/LC_MESSAGES/messages.mo", "rb") as handle:
        compiled = read_mo(io.BytesIO(handle.read()))
    stale = [
        repr(m.id)
        for m in catalogue
        if m.id and not m.fuzzy and (compiled.get(m.id) is None or compiled.get(m.id).string != m.string)
    ]
    assert not stale, f"{name}: the .mo is stale (run scripts/update-translations --compile):\n" + "\n".join(stale)
