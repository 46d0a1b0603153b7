"""Government bodies outside the regency that a report can be referred to (issue 11, item 5).

A national road is the central government's, a provincial road the province's, a village road
the village government's to build (UU 38/2004 tentang Jalan as amended by UU 2/2022, PP 34/2006):
the regency refers such a report to the body that is responsible, with the reason, and says so
publicly. These bodies do not work in the suite, so they are data (the regency pack's
``external_bodies.csv``: the province's road office differs by province), each row naming the rule
it follows, not agencies: they never appear in queues or forwarding. A pack without the file refers
nowhere.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from suite.reference import active_pack, desa
from suite.reference.packs import EXTERNAL_BODIES


@dataclass(frozen=True)
class ExternalBody:
    code: str
    name: str
    level: str  # national, provincial, village
    road_status: str  # the e-Lorong road status it maintains
    source: str  # the legal rule, for staff and auditors

    def name_for(self, desa_code: str | None = None) -> str:
        """The body's name as the citizen reads it: a village government is named after the desa."""
        place = desa(desa_code) if self.level == "village" else None
        return f"{self.name} {place.name}" if place is not None and place.level == "desa" else self.name


def external_bodies() -> dict[str, ExternalBody]:
    return _bodies_in(active_pack().folder)


@lru_cache(maxsize=8)
def _bodies_in(folder: Path) -> dict[str, ExternalBody]:
    path = folder / EXTERNAL_BODIES
    if not path.is_file():
        return {}
    fields = ExternalBody.__dataclass_fields__
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row["code"]: ExternalBody(**{k: v for k, v in row.items() if k in fields}) for row in rows}


def external_body(code: str | None) -> ExternalBody | None:
    return external_bodies().get(code or "")


def for_road_status(status: str | None) -> ExternalBody | None:
    return next((b for b in external_bodies().values() if b.road_status == status), None)
