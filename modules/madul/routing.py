"""Keyword-assisted routing: a complaint filed under "other" still reaches the right agency."""

from __future__ import annotations

import re

KEYWORDS = {
    "population": ["ktp", "e-ktp", "kartu keluarga", "akta", "kk ", "dukcapil", "nik"],
    "waste": ["sampah", "limbah", "bau", "pencemaran", "tps"],
    "public_order": ["pkl", "pedagang kaki lima", "ketertiban", "miras", "reklame"],
    "permits": ["izin", "perizinan", "imb", "pbg", "nib"],
    "education": ["sekolah", "guru", "ppdb", "murid", "siswa"],
    "social_aid": ["bansos", "pkh", "bantuan sosial", "blt", "sembako"],
    "transport": ["angkot", "parkir", "lalu lintas", "terminal", "rambu"],
    "housing": ["rumah tidak layak", "rtlh", "perumahan"],
    "disaster": ["banjir bandang", "longsor", "kebakaran", "angin puting beliung", "bencana"],
    "misconduct": ["pungli", "pungutan", "suap", "calo"],
}


def suggest_category(text: str) -> str | None:
    """The category whose keywords appear most often in the text, or None."""
    lowered = f" {(text or '').lower()} "
    scores = {
        code: sum(len(re.findall(re.escape(word), lowered)) for word in words) for code, words in KEYWORDS.items()
    }
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] else None


def matched_words(code: str | None, text: str) -> list[str]:
    """The keywords of ``code`` found in the text, in the order of the keyword list."""
    lowered = f" {(text or '').lower()} "
    return [word.strip() for word in KEYWORDS.get(code or "", []) if word in lowered]
