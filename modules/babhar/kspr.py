"""Kartu Skor Poedji Rochjati (KSPR): score and category from the factors that apply.

Base 2 for every pregnancy; each factor adds its points (4, or 8 for the heavy ones). The
bands (2 low, 6-10 high, 12+ very high) and the points are rows an admin edits; a score that
falls between bands after such an edit takes the highest band whose minimum it reaches.
Some factors follow from the record itself (age from the NIK, parity, last birth, height);
the rest are ticked by the midwife from the history or at a visit. Age and the interval since
the last birth are measured at the HPHT, the start of this pregnancy, so a score never changes
only because time passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from suite.identity.nik import age_on

# Card factors the midwife never ticks: the base score and those derived_factors() reads from the record.
NOT_TICKED = frozenset(
    {
        "base",
        "too_young_first",
        "too_old_first",
        "too_old",
        "too_many",
        "too_soon",
        "too_long",
        "too_short",
        "failed_pregnancy",
    }
)


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


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February for a 29 February with no leap day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def too_close(last_birth: date | None, hpht: date) -> bool:
    """Less than two years from the last birth to the start of this pregnancy."""
    return last_birth is not None and hpht < years_after(last_birth, 2)


def derived_factors(
    birth_date: date,
    hpht: date,
    gravida: int,
    para: int,
    abortus: int,
    height_cm: float | None,
    last_birth: date | None,
) -> set[str]:
    """Factors the record proves without asking (card group I), as they stood at the HPHT."""
    age = age_on(birth_date, hpht)
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
    if too_close(last_birth, hpht):
        found.add("too_soon")
    elif last_birth is not None and hpht >= years_after(last_birth, 10):
        found.add("too_long")
    if height_cm is not None and height_cm <= 145:
        found.add("too_short")
    if abortus >= 1:
        found.add("failed_pregnancy")
    return found


def four_t(birth_date: date, hpht: date, para: int, last_birth: date | None) -> dict[str, bool]:
    """The "4 terlalu" of the Buku KIA at the HPHT: too young (<20), too old (>35), too close
    (<2 years from the last birth to the HPHT), too many (more than 3 children)."""
    age = age_on(birth_date, hpht)
    return {
        "too_young": age < 20,
        "too_old": age > 35,
        "too_close": too_close(last_birth, hpht),
        "too_many": para > 3,
    }
