"""The admin's edits of the KSPR risk card: factor points, which factors count, the category bands.
Scores are not recomputed here; each pregnancy's score follows the card when her record next changes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from modules.babhar.models import KsprCategory, KsprFactor
from suite.audit.changes import changes, snapshot_rows
from suite.audit.services import record
from suite.errors import Invalid
from suite.extensions import db
from suite.identity.models import Staff


def card_rows() -> tuple[Sequence[KsprFactor], Sequence[KsprCategory]]:
    """The card as the admin page lists it: factors by group and code, bands by minimum score."""
    factors = db.session.execute(select(KsprFactor).order_by(KsprFactor.group, KsprFactor.code)).scalars().all()
    bands = db.session.execute(select(KsprCategory).order_by(KsprCategory.min_score)).scalars().all()
    return factors, bands


def edit_card(staff: Staff, values: Mapping[str, str]) -> None:
    """Apply the admin's form values (``points_<code>``, ``active_<code>``, ``min_<code>``,
    ``max_<code>``) and audit what changed, with before and after values (issue 9, item 11).

    Raises ``Invalid`` whose ``errors`` name every input at fault; the caller rolls back, since some rows may
    have been changed before a later one was refused. Read the card inside the caller's write
    transaction, so the before and after values are exact."""
    factors, bands = card_rows()
    before = _card_snapshot(factors, bands)
    errors = _apply_card_edits(factors, bands, values)
    if errors:
        raise Invalid(next(iter(errors.values())), errors)
    old, new = changes(before, _card_snapshot(factors, bands))
    if old or new:
        record(
            "update",
            "babhar_kspr_card",
            "card",
            staff=staff,
            detail="KSPR factors and risk categories",
            before=old,
            after=new,
        )
    db.session.flush()


def _card_snapshot(factors, bands) -> dict:
    """The risk card's editable values, for the audit entry's before and after (issue 9, item 11)."""
    return {
        "factors": snapshot_rows(factors, lambda f: f.code, ("points", "active")),
        "categories": snapshot_rows(bands, lambda b: b.code, ("min_score", "max_score")),
    }


def _apply_card_edits(factors, bands, form: Mapping[str, str]) -> dict[str, str]:
    """Apply what is valid; return a message per input at fault, keyed by the input's name."""
    errors: dict[str, str] = {}
    for factor in factors:
        raw = form.get(f"points_{factor.code}", str(factor.points))
        if not raw.isdigit() or not 0 <= int(raw) <= 20:
            errors[f"points_{factor.code}"] = _("Poin %(code)s harus angka 0-20.", code=factor.code)
            continue
        factor.points = int(raw)
        factor.active = form.get(f"active_{factor.code}") == "y" or factor.code == "base"
    for band in bands:
        raw_min, raw_max = form.get(f"min_{band.code}", ""), form.get(f"max_{band.code}", "")
        if not raw_min.isdigit() or (raw_max and not raw_max.isdigit()):
            errors[f"min_{band.code}"] = _("Batas kategori %(code)s harus angka.", code=band.code)
            continue
        band.min_score, band.max_score = int(raw_min), int(raw_max) if raw_max else None
    ordered = sorted(bands, key=lambda b: b.min_score)
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if lower.max_score is None or lower.max_score >= upper.min_score:
            errors[f"max_{lower.code}"] = _(
                "Rentang kategori tumpang tindih: %(a)s dan %(b)s.", a=lower.code, b=upper.code
            )
    return errors
