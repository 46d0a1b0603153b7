"""The public map (issue 11, item 4): /peta and its GeoJSON show only what the public may see
(never a confidential, anonymous or health report; points rounded; merged duplicates left out),
page by keyset without losing or repeating a report, filter as asked, refuse a wrong filter with a
clear 422, and work without JavaScript as a table."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from suite.extensions import db
from suite.ticketing.models import Ticket
from suite.ticketing.public_location import point_is_public, public_point_conditions
from tests.helpers import (
    citizen_client,
    lorong_fields,
    register_pregnancy,
    set_ticket,
    staff_client,
    staff_post,
    submit,
    ticket_code_from,
)

GEOJSON = "/peta/laporan.geojson"
DESA = "35.28.01.2001"  # Tlanakan
OTHER_DESA_KECAMATAN = "35.28.02"


def _report(client, module: str = "lorong", lat: float = -7.161234, lon: float = 113.471789, **fields) -> str:
    base = lorong_fields() if module == "lorong" else {"category": "waste", "description": "Sampah menumpuk di pasar."}
    data = {**base, "latitude": str(lat), "longitude": str(lon), "not_duplicate": "y", **fields}
    response = submit(client, module, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return ticket_code_from(response)


def _codes(collection: dict) -> list[str]:
    return [feature["properties"]["code"] for feature in collection["features"]]


def _all_pages(client, url: str) -> list[str]:
    codes: list[str] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.mimetype == "application/geo+json"
        body = response.get_json()
        assert body["type"] == "FeatureCollection"
        codes += _codes(body)
        url = body["next"]
    return codes


@pytest.fixture
def citizen(app):
    return citizen_client(app)


def test_geojson_never_carries_a_confidential_anonymous_or_health_ticket(app, citizen):
    public = _report(citizen)
    confidential = _report(citizen, confidential="y")
    anonymous = _report(citizen, anonymous="y")
    health = _report(citizen, "sehat", category="bpjs_card", description="Kartu BPJS saya ditolak di puskesmas.")
    # A health module's ticket with a point set by hand, and a road report flagged sensitive: the
    # module's rule and the ticket's flag each keep them off the map.
    mother = citizen_client(app)
    pregnancy = ticket_code_from(register_pregnancy(mother))
    set_ticket(app, pregnancy, latitude=-7.15, longitude=113.46, visibility="public", sensitive=False)
    flagged = _report(citizen)
    set_ticket(app, flagged, sensitive=True)

    collection = citizen.get(GEOJSON).get_json()
    assert _codes(collection) == [public]
    text = citizen.get(GEOJSON).get_data(as_text=True)
    for secret in (confidential, anonymous, health, pregnancy, flagged):
        assert secret not in text
    page = app.test_client().get("/peta").get_data(as_text=True)  # a visitor (no flash of their own codes)
    assert public in page
    for secret in (confidential, anonymous, health, pregnancy, flagged):
        assert secret not in page


def test_the_sql_rule_agrees_with_point_is_public_ticket_by_ticket(app, citizen):
    for fields in ({}, {"confidential": "y"}, {"anonymous": "y"}):
        _report(citizen, **fields)
    _report(citizen, "sehat", category="bpjs_card", description="Kartu BPJS saya ditolak di puskesmas.")
    _report(citizen, "madul")
    with app.test_request_context():
        tickets = db.session.execute(select(Ticket)).scalars().all()
        by_sql = set(db.session.execute(select(Ticket.id).where(*public_point_conditions())).scalars())
        by_python = {ticket.id for ticket in tickets if point_is_public(ticket) and ticket.latitude is not None}
    assert by_sql == by_python
    assert len(by_sql) == 2


def test_points_are_rounded_as_the_setting_says(app, citizen, monkeypatch):
    code = _report(citizen, lat=-7.161234, lon=113.471789)
    feature = citizen.get(GEOJSON).get_json()["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [113.472, -7.161]}
    assert feature["id"] == code
    monkeypatch.setitem(app.config, "PUBLIC_POINT_DECIMALS", 2)
    feature = citizen.get(GEOJSON).get_json()["features"][0]
    assert feature["geometry"]["coordinates"] == [113.47, -7.16]
    assert "7.161234" not in citizen.get(GEOJSON).get_data(as_text=True)


def test_properties_carry_no_personal_data(app, citizen):
    code = _report(citizen, description="Lubang di depan rumah Pak Slamet, telepon 081234567890.")
    properties = citizen.get(GEOJSON).get_json()["features"][0]["properties"]
    assert properties["code"] == code
    assert properties["url"] == f"/lacak/{code}"
    assert properties["category_label"] == "Jalan rusak"
    assert properties["status_label"] == "Diterima"
    assert properties["open"] is True
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", properties["date"])
    text = str(properties)
    assert "Slamet" not in text and "081234567890" not in text


def test_keyset_pages_return_every_public_ticket_exactly_once(app, citizen):
    codes = [_report(citizen, lat=-7.16 + i / 1000) for i in range(7)]
    hidden = _report(citizen, confidential="y")
    seen = _all_pages(citizen, f"{GEOJSON}?batas=3")
    assert sorted(seen) == sorted(codes)
    assert len(seen) == len(set(seen)) == 7
    assert hidden not in seen
    assert seen == list(reversed(codes))  # newest first, a stable order
    # A report filed while someone pages does not shift or repeat the pages after it.
    first = citizen.get(f"{GEOJSON}?batas=3").get_json()
    newcomer = _report(citizen)
    rest = _all_pages(citizen, first["next"])
    assert _codes(first) + rest == seen and newcomer not in rest


def test_merged_duplicates_are_left_out(app, citizen):
    survivor = _report(citizen)
    duplicate = _report(citizen)
    officer = staff_client(app, "pupr")
    assert staff_post(officer, duplicate, "gabung", {"survivor": survivor}).status_code == 302
    assert _codes(citizen.get(GEOJSON).get_json()) == [survivor]


def test_every_filter_narrows_the_reports(app, citizen):
    road = _report(citizen)
    bridge = _report(citizen, category="jembatan")
    waste = _report(citizen, "madul", desa_code="35.28.02.2001")
    repaired = _report(citizen)
    set_ticket(app, repaired, status="resolved")
    old = _report(citizen)
    set_ticket(app, old, created_at=datetime(2025, 3, 10, 20, 0, tzinfo=UTC))  # 11 March in WIB

    def codes(query: str) -> set[str]:
        response = citizen.get(f"{GEOJSON}?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return set(_codes(response.get_json()))

    assert codes("") == {road, bridge, waste, repaired, old}
    assert codes("layanan=madul") == {waste}
    assert codes("layanan=lorong&kategori=jembatan") == {bridge}
    assert codes("kategori=jembatan") == {bridge}
    assert codes("status=resolved") == {repaired}
    assert codes("status=closed") == {repaired}
    assert codes("status=open") == {road, bridge, waste, old}
    assert codes(f"kecamatan={OTHER_DESA_KECAMATAN}") == {waste}
    assert codes("kecamatan=35.28.01") == {road, bridge, repaired, old}
    assert codes("dari=2025-03-11&sampai=2025-03-11") == {old}
    assert codes("sampai=2025-03-10") == set()
    today = (datetime.now(UTC) + timedelta(hours=7)).date().isoformat()
    assert codes(f"dari={today}") == {road, bridge, waste, repaired}
    # The page and its table filter the same way, and the map reads the same filters.
    page = citizen.get("/peta?layanan=lorong&kategori=jembatan").get_data(as_text=True)
    assert bridge in page and road not in page
    assert "/peta/laporan.geojson?layanan=lorong&amp;kategori=jembatan" in page


def test_every_state_of_the_lifecycle_is_offered(app, citizen):
    from suite.ticketing.lifecycle import STATUS_LABELS

    page = citizen.get("/peta").get_data(as_text=True)
    for state in STATUS_LABELS:
        assert f'value="{state}"' in page
        assert citizen.get(f"{GEOJSON}?status={state}").status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("layanan=babhar", "layanan"),  # a health module is not on the map at all
        ("layanan=nope", "layanan"),
        ("layanan=lorong&kategori=waste", "kategori"),
        ("kategori=nope", "kategori"),
        ("status=lost", "status"),
        ("kecamatan=99.99.99", "kecamatan"),
        ("dari=2026-13-45", "dari"),
        ("dari=kemarin", "dari"),
        ("sampai=9999-12-31", "sampai"),
        ("dari=2025-05-02&sampai=2025-05-01", "sampai"),
        ("sebelum=abc", "sebelum"),
        ("sebelum=-1", "sebelum"),
        ("sebelum=123456", "sebelum"),  # no such ticket: not a cursor this page wrote
        ("sebelum=99999999999999999999", "sebelum"),
        ("batas=0", "batas"),
        ("batas=1001", "batas"),
        ("batas=²", "batas"),
    ],
)
def test_a_wrong_filter_is_a_clear_error(client, query, parameter):
    response = client.get(f"{GEOJSON}?{query}")
    assert response.status_code == 422
    body = response.get_json()
    assert parameter in body["errors"] and body["message"]
    page = client.get(f"/peta?{query}")
    if parameter == "batas":  # the page has its own page size and ignores batas
        assert page.status_code == 200
        return
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "Saringan peta tidak dapat dipakai" in text or "Halaman peta tidak dapat dibaca" in text
    assert body["errors"][parameter] in text.replace("&#39;", "'").replace("&quot;", '"')


def test_the_page_works_without_javascript_as_a_paged_table(app, citizen):
    codes = [_report(citizen, lat=-7.16 + i / 1000) for i in range(3)]
    anonymous = citizen.get("/peta")  # no sign-in needed
    assert anonymous.status_code == 200
    page = app.test_client().get("/peta").get_data(as_text=True)
    assert "<table" in page and "Laporan sesuai saringan" in page
    for code in codes:
        assert f'href="/lacak/{code}"' in page
    assert 'rel="next"' not in page
    assert 'data-source="/peta/laporan.geojson"' in page  # the map, for browsers that run scripts


def test_the_table_pages_by_keyset(app, citizen, monkeypatch):
    from suite.portal import map_views

    monkeypatch.setattr(map_views, "TABLE_PAGE", 2)
    codes = [_report(citizen, lat=-7.16 + i / 1000) for i in range(5)]
    seen, url = [], "/peta"
    while url:
        page = citizen.get(url).get_data(as_text=True)
        seen += re.findall(r'<td><a (?:class="code" )?href="/lacak/([A-Z0-9-]+)">', page)
        found = re.search(r'<a href="([^"]+)" rel="next">', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == list(reversed(codes))


def test_menu_and_home_link_the_map(client):
    assert 'href="/peta"' in client.get("/").get_data(as_text=True)
    assert 'href="/peta"' in client.get("/lacak").get_data(as_text=True)


def test_status_page_shows_the_rounded_point_only_when_public(app, citizen):
    public = _report(citizen, lat=-7.161234, lon=113.471789)
    page = citizen.get(f"/lacak/{public}").get_data(as_text=True)
    assert 'data-point="-7.161,113.472"' in page and "public-map.js" in page
    assert "7.161234" not in page
    for secret in (_report(citizen, confidential="y"), _report(citizen, anonymous="y")):
        page = citizen.get(f"/lacak/{secret}").get_data(as_text=True)
        assert "data-point" not in page and "public-map.js" not in page


def test_a_cursor_naming_a_ticket_the_map_never_shows_is_refused_like_an_unknown_one(app, client):
    # Otherwise the answer would tell that a confidential ticket exists and bracket when it was made.
    secret = _report(citizen_client(app), confidential="y")
    with app.app_context():
        secret_id = db.session.execute(select(Ticket.id).where(Ticket.code == secret)).scalar_one()
    response = client.get(f"{GEOJSON}?sebelum={secret_id}")
    assert response.status_code == 422 and "sebelum" in response.get_json()["errors"]
