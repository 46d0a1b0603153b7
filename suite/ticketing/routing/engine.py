"""Which category a text belongs to, by the keywords of each category, compared as roots.

A keyword is a word or a phrase (``kartu keluarga``); it matches the same roots, in order, in
the text. A keyword written as a derived form means that form's sense: "perumahan" (housing
estates) finds "perumahannya" but not a bare "rumah" (any house), while "rumah" would find both.
Each category scores the keywords it matched: a word 1, a phrase of n words n + 1 (a phrase is
stronger evidence than its words, and claims them from the category's shorter keywords), times
0.8 for a word typed in another form than the keyword's, divided among the categories that share
the keyword. The highest score wins; on a tie, the category the citizen mentioned first (people
lead with what they are complaining about). Nothing matched: no suggestion.

Words the dictionary does not know get one more look against the keywords, as an officer would
read them: a doubled letter (``punglii``), vowels left out (``bnjr`` for ``banjir``), one letter
wrong (``sekolh``), or two words typed together (``ktpsaya``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from suite.ticketing.routing.lexicon import VARIANTS
from suite.ticketing.routing.words import (
    Word,
    analyse,
    in_dictionary,
    is_known,
    make_word,
    root,
    standard_words,
    tokens,
)

_VOWELS = re.compile(r"[aeiou]")
_FUZZY_MIN = 5  # shorter words are too alike for a one-letter correction to be safe
_OTHER_FORM = 0.8  # another form of a keyword's root is weaker evidence than the keyword as written
_SECOND_LOOKS = 100  # unknown tokens per text given a second look: bounds the work a long text causes
_REPAIRS_KEPT = 10_000
_REPAIR_MAX = 30  # longer tokens are no word a person typed (a link, a code): not worth a second look
_PART_MIN = 3  # a word cut out of a longer token must be this long, or be a keyword itself


@dataclass(frozen=True)
class Keyword:
    text: str  # as the admin wrote it
    words: tuple[Word, ...]

    @property
    def roots(self) -> tuple[str, ...]:
        return tuple(w.root for w in self.words)


@dataclass
class Match:
    category: str
    score: float = 0.0
    first: int = 0  # position of the first matched word in the text
    matched: list[str] = field(default_factory=list)  # the text's words that matched, as typed


class KeywordIndex:
    """Keywords per category, compiled once for a given set of keywords (``compile_index``)."""

    def __init__(self, keywords: dict[str, tuple[str, ...]]):
        self.keywords: dict[str, list[Keyword]] = {}
        sharing: dict[tuple[str, ...], set[str]] = {}
        # The written forms too, for corrections: "perijinan" is one letter from "perizinan".
        self.forms: set[str] = set()
        for category, texts in keywords.items():
            compiled: dict[tuple[str, ...], Keyword] = {}
            for text in texts:
                keyword = Keyword(text, tuple(w for token in tokens(text) for w in analyse(token)))
                self.forms.update(w.base for w in keyword.words)
                # "kebakaran" and "terbakar" share a root: the first one written counts, once.
                if keyword.words and keyword.roots not in compiled:
                    compiled[keyword.roots] = keyword
                    sharing.setdefault(keyword.roots, set()).add(category)
            # Longest first: a phrase claims its words before a keyword inside it can.
            self.keywords[category] = sorted(compiled.values(), key=lambda k: -len(k.words))
        self.shared_by = {roots: len(categories) for roots, categories in sharing.items()}
        self.roots = {r for roots in sharing for r in roots}
        self.skeletons = _skeletons(self.forms | self.roots)
        self.by_length: dict[int, list[str]] = {}
        for form in sorted(self.forms | self.roots):
            if len(form) >= _FUZZY_MIN:
                self.by_length.setdefault(len(form), []).append(form)
        self._repaired: dict[str, list[Word] | None] = {}  # unknown tokens seen before, and what they were

    # -- reading a text -------------------------------------------------------------------
    def words(self, text: str) -> list[Word]:
        found: list[Word] = []
        second_looks = _SECOND_LOOKS
        for token in tokens(text):
            words = analyse(token)
            if len(words) == 1 and not words[0].known and words[0].root not in self.roots and second_looks:
                second_looks -= 1
                words = self._repair(token) or words
            found.extend(words)
        return found

    def _repair(self, token: str) -> list[Word] | None:
        if token.isdigit() or len(token) > _REPAIR_MAX:
            return None
        if token not in self._repaired:
            if len(self._repaired) > _REPAIRS_KEPT:
                self._repaired.clear()
            self._repaired[token] = self._second_look(token)
        return self._repaired[token]

    def _second_look(self, token: str) -> list[Word] | None:
        for fixed in _one_less_double(token):
            if is_known(fixed) or root(fixed) in self.roots:
                return [make_word(token, w, True) for w in standard_words(fixed)]
        if not _VOWELS.search(token) and len(token) >= 3 and token in self.skeletons:
            return [make_word(token, self.skeletons[token], True)]
        near = self._near_keyword(token)
        if near:
            return [make_word(token, near, True)]
        parts = self._split(token)
        return [make_word(token, w, True) for part in parts for w in standard_words(part)] if parts else None

    def _near_keyword(self, token: str) -> str | None:
        """The keyword word one letter away from ``token``; None when none, or several roots are."""
        if len(token) < _FUZZY_MIN:
            return None
        candidates = [
            form for size in (len(token) - 1, len(token), len(token) + 1) for form in self.by_length.get(size, ())
        ]
        near = sorted(form for form in candidates if _one_edit(token, form))
        return near[0] if len({root(form) for form in near}) == 1 else None

    def _split(self, token: str, depth: int = 2) -> list[str] | None:
        """Words typed without a space: two (or three) known words, at least one of them a keyword.
        Only a word as it stands may start the token (a cheap look-up); the stemmer is asked about
        what is left, so a token costs a few stemmer calls, not one per way of cutting it."""
        best: list[str] | None = None
        for cut in range(2, len(token) - 1):
            head, tail = token[:cut], token[cut:]
            if not self._plain_part(head):
                continue
            rest = [tail] if self._part(tail) else (self._split(tail, depth - 1) if depth > 1 else None)
            if rest is None:
                continue
            parts = [head, *rest]
            if any(root(w) in self.roots for p in parts for w in standard_words(p)) and (
                best is None or len(parts) < len(best)
            ):
                best = parts
        return best

    def _plain_part(self, piece: str) -> bool:
        if piece in self.forms or piece in self.roots:
            return True
        if len(piece) < _PART_MIN:
            return False
        return piece in VARIANTS or in_dictionary(piece) or any(in_dictionary(f) for f in _one_less_double(piece))

    def _part(self, piece: str) -> bool:
        if self._plain_part(piece) or root(piece) in self.roots:
            return True
        return len(piece) >= _PART_MIN and (is_known(piece) or any(is_known(f) for f in _one_less_double(piece)))

    # -- deciding -------------------------------------------------------------------------
    def matches(self, text: str) -> list[Match]:
        """Every category with at least one keyword in the text, best first."""
        words = self.words(text)
        found = []
        for category, keywords in self.keywords.items():
            match, claimed = Match(category, first=len(words)), set[int]()
            for keyword in keywords:
                at = _find(words, keyword.words, claimed)
                if at is None:
                    continue
                span = range(at, at + len(keyword.words))
                claimed.update(span)
                match.score += self._weight(keyword, words[at : at + len(keyword.words)])
                match.first = min(match.first, at)
                match.matched += [words[i].typed for i in span if words[i].typed not in match.matched]
            if match.matched:
                found.append(match)
        return sorted(found, key=lambda m: (-round(m.score, 6), m.first))

    def _weight(self, keyword: Keyword, found: list[Word]) -> float:
        size = len(keyword.words)
        # A word typed as the keyword is written counts fully, another form of its root less.
        closeness = sum(1.0 if w.base == k.base else _OTHER_FORM for w, k in zip(found, keyword.words, strict=True))
        return (1 if size == 1 else size + 1) * closeness / size / self.shared_by[keyword.roots]

    def best(self, text: str) -> Match | None:
        found = self.matches(text)
        return found[0] if found else None


@lru_cache(maxsize=16)
def compile_index(keywords: tuple[tuple[str, tuple[str, ...]], ...]) -> KeywordIndex:
    """The index of a set of keywords, kept while the set is unchanged (stemming them is the slow part)."""
    return KeywordIndex(dict(keywords))


def _find(words: list[Word], wanted: tuple[Word, ...], claimed: set[int]) -> int | None:
    """Where the keyword's words first stand in the text, on words no longer keyword of the category claimed."""
    size = len(wanted)
    for at in range(len(words) - size + 1):
        if all(at + i not in claimed and _same(words[at + i], w) for i, w in enumerate(wanted)):
            return at
    return None


def _same(word: Word, keyword_word: Word) -> bool:
    """Same root; but a keyword written as a derived form ("perumahan": housing estates) does not
    match the bare root ("rumah", any house), while a keyword written as the root matches every form."""
    return word.root == keyword_word.root and (keyword_word.bare or not word.bare)


def _one_less_double(token: str) -> list[str]:
    return [token[:i] + token[i + 1 :] for i in range(1, len(token)) if token[i] == token[i - 1]]


def _skeletons(words: set[str]) -> dict[str, str]:
    """Consonant skeletons of keyword words (``banjir`` -> ``bnjr``) that stand for one root only."""
    by_skeleton: dict[str, set[str]] = {}
    for word in words:
        skeleton = _VOWELS.sub("", word)
        if len(skeleton) >= 3 and skeleton != word:
            by_skeleton.setdefault(skeleton, set()).add(word)
    return {skeleton: sorted(found)[0] for skeleton, found in by_skeleton.items() if len({root(w) for w in found}) == 1}


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted, replaced or swapped letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2:  # two neighbours swapped ("smapah")
            first, second = diff
            return second == first + 1 and a[first] == b[second] and a[second] == b[first]
        return len(diff) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]
