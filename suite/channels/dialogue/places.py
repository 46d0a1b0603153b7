"""Finding the desa a basic-phone user typed after the keyword.

Case, spaces, dashes and apostrophes do not matter (``branta-pesisir``, ``BRANTAPESISIR`` and
``Branta Pesisir`` are one desa; ``taroan`` is ``Taro'an``). A leading ``desa``/``ds`` is skipped.
Where two kecamatan have a desa of the same name (Tanjung, Panaguan) the kecamatan may follow:
``Tanjung Pademawu``, ``Tanjung/Pademawu`` or ``Tanjung kec Pademawu``. The longest reading wins.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from suite import reference
from suite.reference import Region

_WORD = re.compile(r"[^\s/,.:;()\-]+")
_LEADING = {"desa", "ds", "kel", "kelurahan"}
_KECAMATAN_WORDS = {"kec", "kecamatan"}
MAX_WORDS = 5  # a two-word desa, "kec" and a two-word kecamatan


@dataclass
class DesaMatch:
    desa: Region | None  # the one desa meant, or None
    rest: str = ""  # the text after the desa (and kecamatan) words
    typed: str = ""  # the word(s) read as the desa, for "we do not know X"
    same_name: list[Region] = field(default_factory=list)  # several desa share the name: ask which
    suggestions: list[Region] = field(default_factory=list)  # close names when nothing matched


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def _desa_by_key() -> dict[str, tuple[Region, ...]]:
    return _desa_index(reference.active_pack().folder)


def _kecamatan_by_key() -> dict[str, Region]:
    return _kecamatan_index(reference.active_pack().folder)


@lru_cache(maxsize=8)  # per regency pack (issue 12, item 6)
def _desa_index(folder) -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for region in reference.desa_list():
        index.setdefault(key(region.name), []).append(region)
    return {name: tuple(regions) for name, regions in index.items()}


@lru_cache(maxsize=8)
def _kecamatan_index(folder) -> dict[str, Region]:
    return {key(region.name): region for region in reference.kecamatan_list()}


def match_desa(text: str) -> DesaMatch:
    words = list(_WORD.finditer(text or ""))
    while words and words[0].group().lower() in _LEADING and len(words) > 1:
        words.pop(0)
    if not words:
        return DesaMatch(None)
    for count in range(min(len(words), MAX_WORDS), 0, -1):
        typed = [w.group() for w in words[:count]]
        for split_at in range(count, 0, -1):  # the first split_at words name the desa, the rest its kecamatan
            found = _desa_by_key().get(key("".join(typed[:split_at])), ())
            if split_at < count:
                kecamatan = _kecamatan(typed[split_at:])
                found = tuple(d for d in found if kecamatan is not None and d.parent_code == kecamatan.code)
            if len(found) == 1:
                rest = (text or "")[words[count - 1].end() :].strip(" \t\r\n/,.:;()-")
                return DesaMatch(found[0], rest=rest, typed=" ".join(typed))
            if found and split_at == count:
                return DesaMatch(None, typed=" ".join(typed), same_name=sorted(found, key=lambda r: r.code))
    first = words[0].group()
    return DesaMatch(None, typed=first, suggestions=_close_to(first))


def _kecamatan(typed: list[str]) -> Region | None:
    if typed and typed[0].lower() in _KECAMATAN_WORDS:
        typed = typed[1:]
    return _kecamatan_by_key().get(key("".join(typed))) if typed else None


def _close_to(typed: str, limit: int = 3) -> list[Region]:
    """Desa whose name starts with what was typed (``Bujur`` -> Bujur Barat ...), else look alike."""
    wanted = key(typed)
    if len(wanted) < 3:
        return []
    index = _desa_by_key()
    names = [name for name in index if name.startswith(wanted)]
    names = names or difflib.get_close_matches(wanted, list(index), n=limit, cutoff=0.75)
    return [region for name in names[:limit] for region in index[name]][:limit]
