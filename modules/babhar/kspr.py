"""Kartu Skor Poedji Rochjati (KSPR): score and category from the factors that apply.

Base 2 for every pregnancy; each factor adds its points (4, or 8 for the heavy ones). The
bands (2 low, 6-10 high, 12+ very high) and the points are rows an admin edits; a score that
falls between bands after such an edit takes the highest band whose minimum it reaches.
Some factors follow from the record itself (age from the NIK, parity, last birth, height);
the rest are ticked by the midwife from the history or at a visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from suite.identity.nik import age_on


@dataclass(frozen=True)
class Band:
    code: str
    min_score: int
    max_score: int | None
    colour: str


def score(factor_codes: set[str], points: dict[str, int]) -> int:
    return points.get("base", 2) + sum(points.get(code, 0) for code in factor_codes if code != "base")


def band_for(total: int, bands: list[Band]) -> Band:
    eligible = [b for b in bands if b.min_score <= total]
    return max(eligible, key=lambda b: b.min_score) if eligible else min(bands, key=lambda b: b.min_score)


def derived_factors(birth_date: date, on: date, gravida: int, para: int, abortus: int,
                    height_cm: float | None, last_birth: date | None) -> set[str]:
    """Factors the record proves without asking (card group I)."""
    age = age_on(birth_date, on)
    found = set()
    if gravida == 1:
        if age <= 16:
            found.add("too_young_first")
        if age >= 35:
            found.add("too_old_first")
    elif age >= 35:
        found.add("too_old")  # the card's separate line for mothers who are not first-time
    if para >= 4:
        found.add("too_many")
    if last_birth is not None:
        gap = (on - last_birth).days
        if gap < 2 * 365:
            found.add("too_soon")
        elif gap >= 10 * 365:
            found.add("too_long")
    if height_cm is not None and height_cm <= 145:
        found.add("too_short")
    if abortus >= 1:
        found.add("failed_pregnancy")
    return found


def four_t(birth_date: date, on: date, para: int, last_birth: date | None) -> dict[str, bool]:
    """The "4 terlalu" of the Buku KIA: too young (<20), too old (>35), too close (<2 years
    since the last birth), too many (more than 3 children)."""
    age = age_on(birth_date, on)
    return {
        "too_young": age < 20,
        "too_old": age > 35,
        "too_close": last_birth is not None and (on - last_birth).days < 2 * 365,
        "too_many": para > 3,
    }
