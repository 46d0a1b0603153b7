"""Loads the agency list of the regency pack (its ``agencies.csv``; issue 12, item 6), idempotently."""

from __future__ import annotations

import csv

from sqlalchemy import select

from suite.extensions import db
from suite.identity.models import Agency
from suite.reference import pack_file
from suite.reference.packs import AGENCIES


def seed_agencies() -> int:
    """Insert agencies that are missing, keyed by code; return how many were added. Columns beyond
    ``code, name, short_name, kind`` are optional (``parent_code``, ``kecamatan_code``, and whatever
    later columns a pack carries are ignored here), so older and newer packs both load."""
    existing = {a.code: a for a in db.session.execute(select(Agency)).scalars()}
    added = 0
    with open(pack_file(AGENCIES), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code"] in existing:
                continue
            agency = Agency(
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                kind=row["kind"],
                kecamatan_code=row.get("kecamatan_code") or None,
                parent=existing.get(row["parent_code"]) if row.get("parent_code") else None,
            )
            db.session.add(agency)
            existing[row["code"]] = agency
            added += 1
    db.session.flush()
    from suite.identity.working_areas import seed_working_areas

    return added + seed_working_areas()


def agency_by_code(code: str) -> Agency | None:
    return db.session.execute(select(Agency).where(Agency.code == code)).scalar_one_or_none()


def seed_modules() -> int:
    """Each enabled module's own reference data (e.g. e-Babhar's risk card)."""
    from suite.registry import enabled_modules

    return sum(module.seed_reference() for module in enabled_modules().values())


def missing_agencies() -> list[str]:
    """Lines naming each agency code an enabled module routes to that no agency has (a regency pack
    without it; issue 12, item 6). Such tickets are refused with "no responsible agency", never a 500;
    ``flask --app suite seed`` prints these so the deployer adds the agency or re-points the category."""
    from suite.registry import enabled_modules

    present = set(db.session.execute(select(Agency.code)).scalars())
    lines = []
    for module in enabled_modules().values():
        wanted = {
            "default": module.default_agency_code,
            "information requests": module.information_agency_code,
            "care tree": module.care_root,
            **{f"category {c.code}": c.agency_code for c in module.categories},
        }
        lines += [f"{module.code}: {what} -> {code}" for what, code in wanted.items() if code and code not in present]
    return lines
