"""Regency packs (issue 12, item 6): everything that makes the suite one regency's rather than
another's, in one folder chosen by ``SUITE_REGENCY_PACK`` (a shipped pack's name, or a folder path).

The format is documented in ``README.md`` beside this file. A pack is read and checked once per
process when the app starts (``suite.config``): a missing file, a duplicate code, a desa without its
kecamatan or an agency whose parent is not in the pack stops the start with every problem listed,
rather than failing later at a citizen's submit. Plain Python (no Flask): the settings loader uses it.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PACKS_DIR = Path(__file__).parent
DEFAULT_PACK = "pamekasan"
NATIONAL_FILE = PACKS_DIR.parent / "data" / "indonesia_regencies.csv"

MANIFEST = "pack.json"
REGIONS = "regions.csv"
BOUNDARY = "boundary.geojson"
AGENCIES = "agencies.csv"
EXTERNAL_BODIES = "external_bodies.csv"
WORKING_AREAS = "working_areas"  # folder: one <network>.csv per network (puskesmas.csv)
DEMO = "demo.json"

REGENCY_LEVELS = ("kabupaten", "kota")
DESA_LEVELS = ("desa", "kelurahan")
AGENCY_COLUMNS = ("code", "name", "short_name", "kind")  # others (parent_code, kecamatan_code, ...) optional
WORKING_AREA_COLUMNS = ("desa_code", "agency_code")
EXTERNAL_BODY_COLUMNS = ("code", "name", "level", "road_status", "source")
_REGENCY_CODE = re.compile(r"^\d{2}\.\d{2}$")
_KECAMATAN_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_DESA_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


class PackError(RuntimeError):
    """The regency pack cannot be used; the message lists every problem found."""


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str


@dataclass
class RegencyPack:
    folder: Path
    name: str  # "Kabupaten Pamekasan"
    code: str  # Kemendagri code, "35.28"; NIKs of the regency's residents start with these digits
    short_name: str  # "Pamekasan"
    domain: str  # the regency's mail and Open311 jurisdiction domain, "pamekasankab.go.id"
    map_center: tuple[float, float] | None
    regions: list[RegionRow] = field(default_factory=list)
    working_area_files: dict[str, Path] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        return self.folder / name

    def optional(self, name: str) -> Path | None:
        path = self.folder / name
        return path if path.is_file() else None


def resolve(setting: str | None) -> Path:
    """The folder a ``SUITE_REGENCY_PACK`` value names: a shipped pack's name, or a path."""
    value = (setting or DEFAULT_PACK).strip()
    shipped = PACKS_DIR / value
    if "/" not in value and "\\" not in value and shipped.is_dir():
        return shipped.resolve()
    return Path(value).expanduser().resolve()


@lru_cache(maxsize=8)
def load_pack(folder: str) -> RegencyPack:
    """Read and check the pack in ``folder``; raise ``PackError`` naming every problem."""
    root = Path(folder)
    problems: list[str] = []
    if not root.is_dir():
        raise PackError(f"Regency pack {root}: no such folder (SUITE_REGENCY_PACK names a shipped pack or a folder)")
    manifest = _manifest(root, problems)
    pack = RegencyPack(
        folder=root,
        name=str(manifest.get("name") or ""),
        code=str(manifest.get("code") or ""),
        short_name=str(manifest.get("short_name") or manifest.get("name") or ""),
        domain=str(manifest.get("domain") or ""),
        map_center=_center(manifest.get("map_center"), problems),
    )
    if manifest and not pack.name:
        problems.append(f"{MANIFEST}: 'name' is missing")
    if manifest and not _REGENCY_CODE.match(pack.code):
        problems.append(f"{MANIFEST}: 'code' must be a Kemendagri regency code like 35.28, not {pack.code!r}")
    elif manifest and pack.code not in _national_codes():
        problems.append(f"{MANIFEST}: code {pack.code} is not a regency or city in {NATIONAL_FILE.name}")
    pack.regions = _regions(root, pack.code, problems)
    _check_boundary(root, problems)
    agency_codes = _check_agencies(root, pack.regions, problems)
    pack.working_area_files = _check_working_areas(root, pack.regions, agency_codes, problems)
    _check_external_bodies(root, problems)
    if (root / DEMO).exists():
        _read_json(root / DEMO, problems)
    if problems:
        raise PackError(f"Regency pack {root} cannot be used:\n  - " + "\n  - ".join(problems))
    return pack


def demo_data(pack: RegencyPack) -> dict | None:
    """The pack's demo staff and citizens (``demo.json``), or None when it ships none."""
    path = pack.optional(DEMO)
    return json.loads(path.read_text(encoding="utf-8")) if path else None


def _manifest(root: Path, problems: list[str]) -> dict:
    path = root / MANIFEST
    if not path.is_file():
        problems.append(f"{MANIFEST} is missing")
        return {}
    data = _read_json(path, problems)
    if data is not None and not isinstance(data, dict):
        problems.append(f"{MANIFEST}: must be a JSON object")
        return {}
    return data or {}


def _center(value, problems: list[str]) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        latitude, longitude = (float(v) for v in value)
    except (TypeError, ValueError):
        problems.append(f"{MANIFEST}: 'map_center' must be [latitude, longitude]")
        return None
    return latitude, longitude


def _read_json(path: Path, problems: list[str]):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problems.append(f"{path.name}: not readable JSON ({error})")
        return None


def _rows(path: Path, required: tuple[str, ...], problems: list[str]) -> list[tuple[int, dict]]:
    """(line number, row) pairs; a missing file or column is a problem, extra columns are not."""
    if not path.is_file():
        problems.append(f"{path.name} is missing")
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(f"{path.name}: column(s) {', '.join(missing)} missing")
            return []
        return [(number, {k: (v or "").strip() for k, v in row.items() if k}) for number, row in enumerate(reader, 2)]


def _duplicates(path: Path, rows: list[tuple[int, dict]], column: str, problems: list[str]) -> None:
    seen: dict[str, int] = {}
    for number, row in rows:
        value = row[column]
        if value in seen:
            problems.append(f"{path.name} line {number}: duplicate {column} {value} (first on line {seen[value]})")
        seen.setdefault(value, number)


def _regions(root: Path, regency_code: str, problems: list[str]) -> list[RegionRow]:
    path = root / REGIONS
    rows = _rows(path, ("code", "name", "level"), problems)
    _duplicates(path, rows, "code", problems)
    codes = {row["code"]: row["level"] for _, row in rows}
    regency_rows = [row for _, row in rows if row["level"] in REGENCY_LEVELS]
    if rows and [row["code"] for row in regency_rows] != [regency_code]:
        problems.append(f"{REGIONS}: needs exactly one kabupaten/kota row, with the pack's code {regency_code}")
    for number, row in rows:
        code, level = row["code"], row["level"]
        where = f"{REGIONS} line {number}"
        if not row["name"]:
            problems.append(f"{where}: {code} has no name")
        if level == "kecamatan":
            if not _KECAMATAN_CODE.match(code) or not code.startswith(regency_code + "."):
                problems.append(f"{where}: kecamatan code {code} is not {regency_code}.NN")
        elif level in DESA_LEVELS:
            parent = code.rsplit(".", 1)[0]
            if not _DESA_CODE.match(code):
                problems.append(f"{where}: desa code {code} is not {regency_code}.NN.NNNN")
            elif codes.get(parent) != "kecamatan":
                problems.append(f"{where}: desa {code} ({row['name']}) has no kecamatan {parent} in the file")
        elif level not in REGENCY_LEVELS:
            problems.append(f"{where}: level {level!r} is not kabupaten, kota, kecamatan, desa or kelurahan")
    if rows and not any(row["level"] in DESA_LEVELS for _, row in rows):
        problems.append(f"{REGIONS}: no desa or kelurahan")
    return [RegionRow(row["code"], row["name"], row["level"]) for _, row in rows]


def _check_boundary(root: Path, problems: list[str]) -> None:
    path = root / BOUNDARY
    if not path.is_file():
        problems.append(f"{BOUNDARY} is missing")
        return
    data = _read_json(path, problems)
    if data is None:
        return
    try:
        features = data["features"] if data.get("type") == "FeatureCollection" else [data]
        rings = 0
        for feature in features:
            geometry = feature.get("geometry", feature)
            kind = geometry["type"]
            shapes = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
            if kind not in ("Polygon", "MultiPolygon"):
                raise ValueError(f"geometry {kind} is not a Polygon or MultiPolygon")
            for shape in shapes:
                for ring in shape:
                    in_range = all(-180 <= float(x) <= 180 and -90 <= float(y) <= 90 for x, y, *_ in ring)
                    if len(ring) < 4 or not in_range:
                        raise ValueError("a ring needs 4 or more [longitude, latitude] points")
                    rings += 1
        if not rings:
            raise ValueError("no polygon")
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        problems.append(f"{BOUNDARY}: not a usable GeoJSON outline ({error})")


def _check_agencies(root: Path, regions: list[RegionRow], problems: list[str]) -> set[str]:
    path = root / AGENCIES
    rows = _rows(path, AGENCY_COLUMNS, problems)
    _duplicates(path, rows, "code", problems)
    codes = {row["code"] for _, row in rows}
    kecamatan = {r.code for r in regions if r.level == "kecamatan"}
    for number, row in rows:
        where = f"{AGENCIES} line {number}"
        if not row["code"] or not row["name"]:
            problems.append(f"{where}: code and name are required")
        if row.get("parent_code") and row["parent_code"] not in codes:
            problems.append(f"{where}: parent {row['parent_code']} of {row['code']} is not in the file")
        if row.get("kecamatan_code") and row["kecamatan_code"] not in kecamatan:
            problems.append(f"{where}: kecamatan {row['kecamatan_code']} of {row['code']} is not in {REGIONS}")
    return codes


def _check_working_areas(
    root: Path, regions: list[RegionRow], agencies: set[str], problems: list[str]
) -> dict[str, Path]:
    folder = root / WORKING_AREAS
    if not folder.is_dir():
        return {}
    desa = {r.code for r in regions if r.level in DESA_LEVELS}
    files = {path.stem: path for path in sorted(folder.glob("*.csv"))}
    for path in files.values():
        rows = _rows(path, WORKING_AREA_COLUMNS, problems)
        _duplicates(path, rows, "desa_code", problems)
        for number, row in rows:
            if row["desa_code"] not in desa:
                problems.append(f"{path.name} line {number}: desa {row['desa_code']} is not in {REGIONS}")
            if row["agency_code"] not in agencies:
                problems.append(f"{path.name} line {number}: agency {row['agency_code']} is not in {AGENCIES}")
    return files


def _check_external_bodies(root: Path, problems: list[str]) -> None:
    path = root / EXTERNAL_BODIES
    if path.is_file():
        _duplicates(path, _rows(path, EXTERNAL_BODY_COLUMNS, problems), "code", problems)


@lru_cache(maxsize=1)
def _national_codes() -> frozenset[str]:
    with open(NATIONAL_FILE, newline="", encoding="utf-8") as handle:
        return frozenset(row["code"] for row in csv.DictReader(handle))
