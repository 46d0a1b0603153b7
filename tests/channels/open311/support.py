"""Builders and checks shared by the Open311 tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from suite.extensions import db

# The standard's published JSON shapes live beside the repository (never copied into it).
SCHEMA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "open311-schemas"
W3C_WIB = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
BASE = "/open311/v2"


def assert_matches_schema(name: str, payload) -> None:
    """Validate against ``../shared/open311-schemas/<name>``; skip the test when they are absent."""
    if not SCHEMA_DIR.is_dir():
        pytest.skip(f"the Open311 schemas are not at {SCHEMA_DIR}")
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT7))
        for path in SCHEMA_DIR.glob("*.json")
    )
    schema = json.loads((SCHEMA_DIR / name).read_text())
    validator = Draft7Validator(schema, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)
    problems = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(payload)]
    assert not problems, "\n".join(problems)


def xml_of(response) -> ElementTree.Element:
    assert response.content_type == "text/xml; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(response.data)


def json_of(response):
    assert response.content_type == "application/json; charset=utf-8"
    return response.get_json()


def make_api_key(app, name: str = "Mitra uji") -> str:
    from suite.channels.credentials import create_api_key

    with app.app_context():
        _, plain = create_api_key(name)
        db.session.commit()
        return plain


def road_request(api_key: str | None, **overrides) -> dict:
    """A POST body for a pothole on a regency road in Tlanakan, as an Open311 client sends it."""
    data = {
        "service_code": "lorong.jalan",
        "description": "Lubang besar di depan balai desa, motor sering jatuh.",
        "lat": "-7.1601",
        "long": "113.4802",
        "attribute[desa_code]": "35.28.01.2001",
        "attribute[road_name]": "Jl. Raya Tlanakan",
        "attribute[damage_type]": "pothole",
        "attribute[severity]": "berat",
        "attribute[road_status]": "regency",
        "first_name": "Siti",
        "last_name": "Aminah",
        "email": "siti@example.org",
    }
    if api_key is not None:
        data["api_key"] = api_key
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post_request(client, data: dict, fmt: str = "json"):
    return client.post(f"{BASE}/requests.{fmt}", data=data)


def open_directly(app, module: str, channel: str = "web", **draft) -> str:
    """A ticket opened through the channel service (no citizen); returns its tracking code."""
    from suite.channels.intake import open_via_channel
    from suite.ticketing.draft import TicketDraft

    with app.test_request_context():
        result = open_via_channel(module, None, TicketDraft(**draft), channel)
        code = result.ticket.code
        db.session.remove()
        return code


def madul_ticket(
    app, text: str = "Sampah menumpuk di pinggir pasar, baunya sampai ke rumah warga.", category: str = "waste", **draft
) -> str:
    return open_directly(app, "madul", category=category, description=text, **draft)
