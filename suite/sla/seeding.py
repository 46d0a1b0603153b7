"""Default targets: the regency-wide row (after Pasuruan's e-Sambat and SP4N-LAPOR!) plus
whatever each module asks for. Existing rows are never overwritten: admins own them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from suite.extensions import db
from suite.registry import enabled_modules
from suite.sla.models import MINUTES_PER_DAY, SlaTarget

REGENCY_DEFAULT = dict(
    module=None,
    category=None,
    first_response_minutes=2 * MINUTES_PER_DAY,  # answered within 2 days, else the sanction band
    reward_minutes=10,  # e-Sambat: an answer within 10 minutes earns the reward band
    sanction_minutes=2 * MINUTES_PER_DAY,
    verification_minutes=3 * MINUTES_PER_DAY,  # SP4N-LAPOR!: verification within 3 (working) days
    resolution_minutes=5 * MINUTES_PER_DAY,  # SP4N-LAPOR!: planned follow-up within 5 (working) days
    calendar="calendar",
    note="Bawaan: penghargaan bila dijawab dalam 10 menit, sanksi bila lebih dari 2 hari "
    "(e-Sambat Pasuruan); verifikasi 3 hari, tindak lanjut 5 hari (SP4N-LAPOR!).",
)


def seed_targets() -> int:
    rows: list[dict[str, Any]] = [REGENCY_DEFAULT]
    for module in enabled_modules().values():
        rows += [{"module": module.code, **row} for row in module.default_sla_targets()]
    existing = {(t.module, t.category) for t in db.session.execute(select(SlaTarget)).scalars()}
    added = 0
    for row in rows:
        if (row["module"], row.get("category")) not in existing:
            db.session.add(SlaTarget(**{**REGENCY_DEFAULT, "note": None, **row}))
            existing.add((row["module"], row.get("category")))
            added += 1
    db.session.flush()
    return added
