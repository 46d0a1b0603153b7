"""Public government codes shipped with the suite (Kemendagri regions)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # provinsi, kabupaten, kota, kecamatan, desa, kelurahan

    @property
    def parent_code(self) -> str:
        return self.code.rsplit(".", 1)[0]


def _read(name: str) -> list[Region]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return [Region(row["code"], row["name"], row["level"]) for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def national_codes() -> dict[str, Region]:
    """Provinces (``35``) and regencies/cities (``35.28``)."""
    return {region.code: region for region in _read("indonesia_regencies.csv")}


@lru_cache(maxsize=1)
def local_regions() -> dict[str, Region]:
    """The deployed regency, its kecamatan and its desa/kelurahan."""
    return {region.code: region for region in _read("pamekasan_regions.csv")}


def kecamatan_list() -> list[Region]:
    return [r for r in local_regions().values() if r.level == "kecamatan"]


def desa_list(kecamatan_code: str | None = None) -> list[Region]:
    return [
        r
        for r in local_regions().values()
        if r.level in ("desa", "kelurahan") and (kecamatan_code is None or r.parent_code == kecamatan_code)
    ]


def desa(code: str | None) -> Region | None:
    region = local_regions().get(code or "")
    return region if region and region.level in ("desa", "kelurahan") else None


def kecamatan_of(desa_code: str) -> Region | None:
    region = desa(desa_code)
    return local_regions().get(region.parent_code) if region else None


def desa_choices() -> list[tuple[str, str]]:
    """(code, "Desa, Kecamatan") pairs grouped by kecamatan, for select boxes."""
    regions = local_regions()
    return [
        (r.code, f"{r.name}, {regions[r.parent_code].name}")
        for r in sorted(desa_list(), key=lambda r: (regions[r.parent_code].name, r.name))
    ]


def region_label(code: str | None) -> str:
    region = local_regions().get(code or "")
    if region is None:
        return code or ""
    if region.level in ("desa", "kelurahan"):
        return f"{region.name}, Kec. {local_regions()[region.parent_code].name}"
    return region.name


def regency_name() -> str:
    """ "Kabupaten Pamekasan": the deployed regency, as messages name it."""
    return next((r.name for r in local_regions().values() if r.level in ("kabupaten", "kota")), "")
