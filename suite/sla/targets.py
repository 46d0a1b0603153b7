"""Editing response-time targets: the rules an admin's change must meet, and its audit record.

A target row applies to a module and category, either of which may be empty ("any"); the most
specific row wins (``suite.sla.policy.target_for``), so a category only means something within its
module, and there is at most one row per module and category. Services flush, never commit.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from suite.audit.changes import changes, snapshot
from suite.audit.services import record
from suite.errors import Invalid
from suite.extensions import db
from suite.registry import enabled_modules
from suite.sla.models import SlaTarget

# The numbers an admin edits; what a row applies to (module, category) is its identity and stays.
TARGET_FIELDS = (
    "first_response_minutes",
    "reward_minutes",
    "sanction_minutes",
    "verification_minutes",
    "resolution_minutes",
    "calendar",
    "note",
)


def target_label(row: SlaTarget) -> str:
    """``module.category`` with ``*`` for "any", as the audit log names a target."""
    label = f"{row.module or '*'}.{row.category or '*'}"
    return f"{label} ({row.kind})" if row.kind else label


def find_target(module: str | None, category: str | None, kind: str | None = None) -> SlaTarget | None:
    """The row for exactly this module, category and ticket kind (``None`` meaning "any"), if there is one."""
    return db.session.execute(
        select(SlaTarget).where(
            SlaTarget.kind.is_(None) if kind is None else SlaTarget.kind == kind,
            SlaTarget.module.is_(None) if module is None else SlaTarget.module == module,
            SlaTarget.category.is_(None) if category is None else SlaTarget.category == category,
        )
    ).scalar_one_or_none()


def create_target(actor: Any, module: str | None, category: str | None, values: dict[str, Any]) -> SlaTarget:
    """Add the target row for ``module`` and ``category`` with ``values`` (every name in TARGET_FIELDS).

    Raises ``Invalid`` (errors keyed by input name) when the bands are the wrong way round, a
    category is given without its module or is unknown there, or the row already exists.
    """
    _check_bands(values)
    if category and not module:
        message = _l("Kategori hanya berlaku bersama layanannya.")
        raise Invalid(message, {"category": message})
    if category and module and enabled_modules()[module].category(category, include_inactive=True) is None:
        message = _l("Kategori tidak dikenal di layanan itu.")
        raise Invalid(message, {"category": message})
    if find_target(module, category):
        message = _l("Target untuk layanan dan kategori ini sudah ada; ubah yang ada.")
        raise Invalid(message, {"module": message})
    row = SlaTarget(module=module, category=category)
    for name in TARGET_FIELDS:
        setattr(row, name, values[name])
    db.session.add(row)
    db.session.flush()
    record(
        "create",
        "sla_target",
        row.id,
        staff=actor,
        detail=target_label(row),
        after=snapshot(row, ("module", "category") + TARGET_FIELDS),
    )
    return row


def update_target(actor: Any, row: SlaTarget, values: dict[str, Any]) -> None:
    """Change a row's numbers to ``values`` (names in TARGET_FIELDS); audited only when something changed.

    New tickets use the new numbers; tickets already open keep the due dates they were given.
    """
    _check_bands({**snapshot(row, TARGET_FIELDS), **values})
    before = snapshot(row, TARGET_FIELDS)
    for name, value in values.items():
        setattr(row, name, value)
    old, new = changes(before, snapshot(row, TARGET_FIELDS))
    if old or new:
        record("update", "sla_target", row.id, staff=actor, detail=target_label(row), before=old, after=new)


def _check_bands(values: dict[str, Any]) -> None:
    # A ticket answered within the reward band cannot also be in the sanction band.
    if values["reward_minutes"] > values["sanction_minutes"]:
        message = _l("Pita penghargaan harus lebih singkat dari pita sanksi.")
        raise Invalid(message, {"reward_minutes": message})
