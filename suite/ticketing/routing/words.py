"""A text cut into whole words, each reduced to its root (kata dasar) by the Sastrawi stemmer.

Matching roots instead of substrings is what keeps "mengurus" (root ``urus``) away from "guru"
and "klinik" away from "nik". Before stemming, the way people write here is undone: accents and
apostrophes of Madurese (``bâdâ``, ``ta'``), ``anak2`` for ``anak-anak``, stretched letters
(``tolooong``), SMS shorthand and regional words (``suite.ticketing.routing.lexicon``), and the
spoken verb forms the stemmer does not know (``ngurus``, ``numpuk``, ``ketutup``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from suite.ticketing.routing.lexicon import VARIANTS

_PIECE = re.compile(r"[a-z0-9]+")
# "anak2" is "anak-anak", "minum2an" is "minum-minuman": the 2 repeats the word before it.
_REPEAT_MARK = re.compile(r"([a-z]{2,})2(?=[a-z]|\b)")
_RUN = re.compile(r"[a-z]+|[0-9]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")
# Spoken prefixes and the standard ones they stand for: "ngurus" is "mengurus", "mbayar" is
# "membayar", "ketutup" is "tertutup", Madurese "kaangkut" is "terangkut", "kabanjiran" "kebanjiran".
_SPOKEN_PREFIXES = (
    ("ng", "meng"),
    ("ny", "meny"),
    ("n", "men"),
    ("m", "mem"),
    ("ke", "ter"),
    ("ka", "ke"),
    ("ka", "ter"),
)
_PARTICLES = ("nya", "ku", "mu", "lah", "kah", "pun")


@dataclass(frozen=True)
class Word:
    typed: str  # the token as the citizen typed it (lowercased), shown as a matched word
    base: str  # the standard word without a particle ("rumahnya" -> "rumah")
    root: str  # its root, compared with the keywords' roots
    known: bool  # the word is in the dictionary or the lexicon

    @property
    def bare(self) -> bool:
        """The word is its root, with no derivation ("rumah", "rumahnya"; not "perumahan")."""
        return self.base == self.root


@lru_cache(maxsize=1)
def _stemmer():
    """Sastrawi's stemmer with its 30,000-word dictionary: slow to build, so built once per process.
    Its own result cache grows without bound; results are cached here instead (``root``)."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


def in_dictionary(word: str) -> bool:
    return bool(word) and _stemmer().get_dictionary().contains(word)


@lru_cache(maxsize=50_000)
def root(word: str) -> str:
    """The root of one lowercase word: itself when it is a root, else what the stemmer finds,
    trying the standard form of a spoken prefix when the stemmer alone finds nothing. A root
    spelled the old or spoken way takes the standard spelling ("perijinan" -> "ijin" -> "izin")."""
    found = _root(word)
    standard = VARIANTS.get(found, ())
    return standard[0] if len(standard) == 1 and standard[0] != found and in_dictionary(standard[0]) else found


def _root(word: str) -> str:
    if in_dictionary(word):
        return word
    stemmed = _stemmer().stem_word(word)
    if in_dictionary(stemmed):
        return stemmed
    for standard in _standard_forms(word):
        candidate = _stemmer().stem_word(standard)
        if candidate != standard and in_dictionary(candidate):
            return candidate
    return stemmed


def _standard_forms(word: str) -> list[str]:
    forms = [
        standard + word[len(spoken) :]
        for spoken, standard in _SPOKEN_PREFIXES
        if word.startswith(spoken) and len(word) > len(spoken) + 3
    ]
    if word.endswith("in") and len(word) > 5:  # "ditertibin", "benerin": Jakarta's -in for -kan
        forms.append(word[:-2] + "kan")
    return forms


def is_known(word: str) -> bool:
    return word in VARIANTS or in_dictionary(word) or in_dictionary(root(word))


def plain_text(text: str) -> str:
    """Lowercase ASCII with Madurese accents and apostrophes gone (``bâdâ`` -> ``bada``, ``ta'`` -> ``ta``)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"['’`]", "", stripped)


def standard_words(token: str) -> tuple[str, ...]:
    """The standard words a single typed token stands for: itself, a lexicon entry, or the
    token with stretched letters shortened (``sampaaah`` -> ``sampah``, ``maaaf`` -> ``maaf``)."""
    if token in VARIANTS:
        return VARIANTS[token]
    if _STRETCHED.search(token):
        once, twice = _STRETCHED.sub(r"\1", token), _STRETCHED.sub(r"\1\1", token)
        for candidate in (once, twice):
            if is_known(candidate):
                return standard_words(candidate)
        return standard_words(once)
    return (token,)


def tokens(text: str) -> list[str]:
    """The typed tokens of a text: letters and numbers apart, repetition marks undone."""
    found = []
    for piece in _PIECE.findall(plain_text(text)):
        found.extend(_RUN.findall(_REPEAT_MARK.sub(r"\1", piece)))
    return found


def analyse(token: str) -> list[Word]:
    """The words of one typed token (a lexicon entry may stand for two words)."""
    from_lexicon = token in VARIANTS
    return [make_word(token, word, from_lexicon) for word in standard_words(token)]


def make_word(typed: str, word: str, known: bool = False) -> Word:
    return Word(typed, base(word), root(word), known or is_known(word))


def base(word: str) -> str:
    """The word without a possessive or emphatic particle, when what is left is a word."""
    for particle in _PARTICLES:
        stripped = word[: -len(particle)]
        # "sekolah" ends in "lah" but is no "seko" + "lah": the root must stay the same.
        if word.endswith(particle) and len(stripped) > 2 and root(stripped) == root(word):
            return stripped
    return word
