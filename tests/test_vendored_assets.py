"""Front-end libraries are the npm packages' own files, recorded with version, licence and checksum,
and served by the suite (never a CDN); the map's tile server is a setting the CSP follows."""

import hashlib
import re
from pathlib import Path

from suite import create_app

VENDOR = Path(__file__).resolve().parent.parent / "suite" / "static" / "vendor"


def _recorded_checksums() -> dict[str, str]:
    text = (VENDOR / "README.md").read_text(encoding="utf-8")
    return {path: digest for digest, path in re.findall(r"^([0-9a-f]{64})  \./(\S+)$", text, re.M)}


def test_every_vendored_file_is_recorded_with_its_checksum_and_licence():
    recorded = _recorded_checksums()
    present = {str(p.relative_to(VENDOR)) for p in VENDOR.rglob("*") if p.is_file() and p.name != "README.md"}
    assert present == set(recorded)
    for path, digest in recorded.items():
        assert hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() == digest, path
    assert {p.split("/")[0] for p in recorded} == {p.split("/")[0] for p in recorded if p.endswith("LICENSE")}


def test_vendored_leaflet_is_served_by_the_suite(client):
    response = client.get("/static/vendor/leaflet-1.9.4/leaflet.js")
    assert response.status_code == 200 and b"Leaflet" in response.data[:400]


def test_the_tile_servers_origin_is_allowed_as_images_and_nothing_else(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
            "MAP_TILE_URL": "http://127.0.0.1:8765/tiles/{z}/{x}/{y}.png",
        }
    )
    policy = app.test_client().get("/static/suite-map.js").headers["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "http://127.0.0.1:8765" in img_src
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "127.0.0.1" not in script_src and "http" not in script_src
