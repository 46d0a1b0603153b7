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


# Issue 11, item 9: an information request is answered in writing within 10 working days (UU 14/2008
# Pasal 22 ayat 7), extendable once by 7 working days with a written reason (ayat 8; the extension is
# suite.ticketing.information's). It wins over any module's row: the clock is the law's.
INFORMATION_REQUEST = dict(
    kind="information",
    module=None,
    category=None,
    first_response_minutes=2 * MINUTES_PER_DAY,
    reward_minutes=10,
    sanction_minutes=2 * MINUTES_PER_DAY,
    verification_minutes=3 * MINUTES_PER_DAY,
    resolution_minutes=10 * MINUTES_PER_DAY,
    calendar="working_days",
    note="Permintaan informasi publik: pemberitahuan tertulis paling lambat 10 hari kerja, dapat "
    "diperpanjang sekali paling lama 7 hari kerja dengan alasan tertulis (UU 14/2008 Pasal 22 ayat 7-8; "
    "PP 61/2010; Perki 1/2021 tentang Standar Layanan Informasi Publik).",
)


def seed_targets() -> int:
    rows: list[dict[str, Any]] = [REGENCY_DEFAULT, INFORMATION_REQUEST]
    for module in enabled_modules().values():
        rows += [{"module": module.code, **row} for row in module.default_sla_targets()]
    existing = {(t.kind, t.module, t.category) for t in db.session.execute(select(SlaTarget)).scalars()}
    added = 0
    for row in rows:
        key = (row.get("kind"), row["module"], row.get("category"))
        if key not in existing:
            db.session.add(SlaTarget(**{**REGENCY_DEFAULT, "note": None, **row}))
            existing.add(key)
            added += 1
    db.session.flush()
    return added
