"""Clinical reference data an admin edits: alarm thresholds, trimester boundaries and the
antenatal contact schedule. Shipped from data/*.csv (each row names its source), loaded once,
never overwritten afterwards."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from modules.babhar.models import AlarmThreshold, AntenatalContact, Trimester
from suite.extensions import db

DATA_DIR = Path(__file__).parent / "data"


def _read(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _threshold(row: dict) -> AlarmThreshold:
    return AlarmThreshold(
        code=row["code"],
        measure=row["measure"],
        operator=row["operator"],
        value=float(row["value"]),
        severity=row["severity"],
        kspr_factor=row["kspr_factor"] or None,
        label_id=row["label_id"],
        label_en=row["label_en"],
        source=row["source"],
    )


def _trimester(row: dict) -> Trimester:
    return Trimester(number=int(row["number"]), last_week=int(row["last_week"]), source=row["source"])


def _contact(row: dict) -> AntenatalContact:
    return AntenatalContact(
        code=row["code"],
        trimester=int(row["trimester"]),
        first_week=int(row["first_week"]),
        last_week=int(row["last_week"]),
        target_week=int(row["target_week"]),
        with_doctor=row["with_doctor"] == "1",
        ultrasound=row["ultrasound"] == "1",
        source=row["source"],
    )


SHIPPED = [
    (AlarmThreshold, "alarm_thresholds.csv", _threshold),
    (Trimester, "trimesters.csv", _trimester),
    (AntenatalContact, "antenatal_contacts.csv", _contact),
]


def seed_clinical(only=None) -> int:
    """Load a table from its csv when it is empty; ``only`` restricts to some models (tests restore)."""
    added = 0
    for model, name, build in SHIPPED:
        if only is not None and model not in only:
            continue
        if db.session.execute(select(model).limit(1)).first():
            continue  # an admin may have edited it: never overwrite
        for row in _read(name):
            db.session.add(build(row))
            added += 1
    db.session.flush()
    return added


def shipped_trimester_weeks() -> list[int]:
    return [int(r["last_week"]) for r in sorted(_read("trimesters.csv"), key=lambda r: int(r["number"]))]


def trimester_weeks() -> list[int]:
    """Last completed week of each trimester, in order; the shipped values if the table is empty."""
    weeks = db.session.execute(select(Trimester.last_week).order_by(Trimester.number)).scalars().all()
    return list(weeks) or shipped_trimester_weeks()


def trimesters() -> list[Trimester]:
    return list(db.session.execute(select(Trimester).order_by(Trimester.number)).scalars())


def contacts() -> list[AntenatalContact]:
    return list(db.session.execute(select(AntenatalContact).order_by(AntenatalContact.first_week)).scalars())


def thresholds(active_only: bool = True) -> list[AlarmThreshold]:
    query = select(AlarmThreshold).order_by(AlarmThreshold.code, AlarmThreshold.id)
    if active_only:
        query = query.where(AlarmThreshold.active.is_(True))
    return list(db.session.execute(query).scalars())
