"""Public government codes (Kemendagri regions): the national list shipped with the suite, and the
deployed regency's kecamatan and desa from its regency pack (``suite.reference.packs``, issue 12)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app, has_app_context

from suite.reference.packs import RegencyPack, load_pack, resolve

DATA_DIR = Path(__file__).parent / "data"  # national data only; a regency's own files are in its pack


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


def active_pack() -> RegencyPack:
    """The pack of the running app (``REGENCY_PACK``, checked when the app started); the shipped
    default outside an app (scripts, pure unit tests)."""
    folder = current_app.config.get("REGENCY_PACK") if has_app_context() else None
    return load_pack(str(folder or resolve(None)))


def pack_file(name: str) -> Path:
    """A file of the active pack (``agencies.csv``, ``boundary.geojson``, ...)."""
    return active_pack().path(name)


def local_regions() -> dict[str, Region]:
    """The deployed regency, its kecamatan and its desa/kelurahan."""
    return _regions_of(active_pack().folder)


@lru_cache(maxsize=8)
def _regions_of(folder: Path) -> dict[str, Region]:
    return {row.code: Region(row.code, row.name, row.level) for row in load_pack(str(folder)).regions}


def regency_code() -> str:
    """ "35.28": the deployed regency's Kemendagri code (the first four digits of its residents' NIKs)."""
    return active_pack().code


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
    """ "Kabupaten Pamekasan": the deployed regency, as messages name it (the pack's name, or
    ``SUITE_REGENCY_NAME`` when a deployment words it differently)."""
    if has_app_context() and current_app.config.get("REGENCY_NAME"):
        return str(current_app.config["REGENCY_NAME"])
    return active_pack().name
