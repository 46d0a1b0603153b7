"""GET requests, one request and what the public may see of a ticket over Open311."""

from datetime import timedelta

from suite.channels.open311 import search
from suite.database import utcnow
from suite.sla.clock import WIB
from tests.channels.open311.support import (
    BASE,
    W3C_WIB,
    assert_matches_schema,
    json_of,
    madul_ticket,
    make_api_key,
    open_directly,
    post_request,
    road_request,
    xml_of,
)
from tests.helpers import citizen_client, get_ticket, set_ticket, staff_client, staff_post, submit, ticket_code_from


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"{BASE}/requests.json{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [request["service_request_id"] for request in json_of(response)]


def w3c(moment) -> str:
    return moment.astimezone(WIB).replace(microsecond=0).isoformat().replace("+", "%2B")


def test_a_request_shows_what_georeport_allows_and_validates(app, client):
    response = post_request(client, road_request(make_api_key(app), phone="081200000001"))
    code = json_of(response)[0]["service_request_id"]
    [entry] = json_of(client.get(f"{BASE}/requests/{code}.json"))
    assert_matches_schema("request.json", entry)
    ticket = get_ticket(app, code)
    assert entry["service_request_id"] == code and entry["status"] == "open" and entry["status_notes"] is None
    assert entry["service_code"] == "lorong.jalan" and entry["service_name"] == "Jalan rusak"
    assert entry["description"] == ticket.description
    assert entry["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert entry["address"] == "Dabuan, Kec. Tlanakan" and entry["address_id"] == "35.28.01.2001"
    assert entry["lat"] == -7.16 and entry["long"] == 113.48 and entry["media_url"] is None
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C_WIB.match(entry[name]), entry[name]
    text = client.get(f"{BASE}/requests/{code}.json").get_data(as_text=True)
    for private in ("Siti", "Aminah", "siti@example.org", "081200000001", "Jl. Raya Tlanakan", "pothole"):
        assert private not in text
    assert client.get(f"{BASE}/requests/{code.lower()}.json").status_code == 200
    response = client.get(f"{BASE}/requests/LRG-0000-0000.json")
    assert response.status_code == 404 and json_of(response)[0]["code"] == 404


def test_requests_default_to_the_last_90_days_unless_a_start_date_is_given(app, client):
    recent = madul_ticket(app)
    old = madul_ticket(app, "Jalan kampung gelap, lampu mati sejak lama sekali.")
    now = utcnow()
    set_ticket(app, old, created_at=now - timedelta(days=120))
    assert listed(client) == [recent]
    assert listed(client, f"?start_date={w3c(now - timedelta(days=130))}") == [old]
    assert listed(client, f"?end_date={w3c(now - timedelta(days=100))}") == [old]
    assert set(
        listed(client, f"?start_date={w3c(now - timedelta(days=121))}&end_date={w3c(now - timedelta(days=119))}")
    ) == {old}
    assert listed(client, f"?start_date={(now - timedelta(days=1)).date().isoformat()}") == [recent]
    both = json_of(client.get(f"{BASE}/requests.json?service_request_id={recent},{old.lower()}"))
    assert_matches_schema("requests.json", both)
    assert {entry["service_request_id"] for entry in both} == {recent, old}  # ids override the dates


def test_date_ranges_are_checked(client):
    now = utcnow()
    too_long = client.get(f"{BASE}/requests.json?start_date={w3c(now - timedelta(days=200))}&end_date={w3c(now)}")
    assert too_long.status_code == 400 and "90 days" in json_of(too_long)[0]["description"]
    backwards = client.get(f"{BASE}/requests.xml?start_date={w3c(now)}&end_date={w3c(now - timedelta(days=1))}")
    assert backwards.status_code == 400 and xml_of(backwards).findtext("error/code") == "400"
    garbled = client.get(f"{BASE}/requests.json?end_date=kemarin")
    assert garbled.status_code == 400 and json_of(garbled)[0]["description"].startswith("end_date:")
    # A "+" the client forgot to encode arrives as a space and is still understood.
    assert client.get(f"{BASE}/requests.json?start_date=2026-01-01T00:00:00 07:00").status_code == 200


def test_requests_filter_by_service_code_and_status(app, client):
    waste = madul_ticket(app)
    order = madul_ticket(app, "Pedagang kaki lima menutup trotoar depan sekolah.", category="public_order")
    road = open_directly(
        app,
        "lorong",
        category="jembatan",
        description="Papan jembatan kayu patah di tengah.",
        desa_code="35.28.01.2001",
        extras={"road_name": "Jl. Desa", "damage_type": "broken_bridge", "severity": "berat"},
    )
    set_ticket(app, order, status="resolved")
    assert set(listed(client, "?service_code=madul.waste,lorong.jembatan")) == {waste, road}
    assert set(listed(client, "?service_code=madul.waste&service_code=madul.public_order")) == {waste, order}
    assert listed(client, "?service_code=babhar.pregnancy_registration") == []
    assert set(listed(client, "?status=open")) == {waste, road}
    assert listed(client, "?status=closed") == [order]
    assert set(listed(client, "?status=open,closed")) == {waste, road, order}
    response = client.get(f"{BASE}/requests.json?status=pending")
    assert response.status_code == 400 and json_of(response)[0]["description"].startswith("status:")


def test_requests_are_newest_first_and_at_most_a_thousand(app, client, monkeypatch):
    assert search.MAX_REQUESTS == 1000
    codes = [madul_ticket(app, f"Sampah menumpuk di pinggir pasar nomor {n}.") for n in range(3)]
    for age, code in enumerate(reversed(codes)):
        set_ticket(app, code, created_at=utcnow() - timedelta(hours=age + 1))
    monkeypatch.setattr(search, "MAX_REQUESTS", 2)
    assert listed(client) == [codes[2], codes[1]]


def test_statuses_map_to_open_and_closed_with_the_staff_reason_as_notes(app, client):
    code = madul_ticket(app)
    officer = staff_client(app, "dlh")
    assert (
        staff_post(
            officer, code, "tanggapan", {"body": "Petugas kebersihan dijadwalkan besok pagi.", "visibility": "public"}
        ).status_code
        == 302
    )
    assert (
        staff_post(officer, code, "tanggapan", {"body": "Catatan internal saja.", "visibility": "internal"}).status_code
        == 302
    )
    [entry] = json_of(client.get(f"{BASE}/requests/{code}.json"))
    assert entry["status"] == "open" and entry["status_notes"] == "Petugas kebersihan dijadwalkan besok pagi."
    assert (
        staff_post(
            officer,
            code,
            "status",
            {"status": "rejected", "note": "Lokasi sudah dibersihkan warga sebelum petugas tiba."},
        ).status_code
        == 302
    )
    [entry] = json_of(client.get(f"{BASE}/requests/{code}.json"))
    assert entry["status"] == "closed"
    assert entry["status_notes"] == "Lokasi sudah dibersihkan warga sebelum petugas tiba."
    assert entry["agency_responsible"] == get_ticket(app, code).agency.name


def test_confidential_and_health_tickets_never_appear(app, client):
    citizen = citizen_client(app)
    secret = ticket_code_from(
        submit(
            citizen,
            "madul",
            {
                "category": "misconduct",
                "confidential": "y",
                "description": "Pungutan liar saat mengurus surat di kantor.",
            },
        )
    )
    # A health-data ticket stays out by its module, even if it were ever marked public.
    pregnancy = madul_ticket(app, "Pendaftaran kehamilan baru, mohon dihubungi bidan.")
    set_ticket(app, pregnancy, module="babhar", category="pregnancy_registration", visibility="public")
    public = madul_ticket(app)
    assert listed(client) == [public]
    assert listed(client, f"?service_request_id={secret},{pregnancy},{public}") == [public]
    assert listed(client, "?service_code=madul.misconduct") == []
    for code in (secret, pregnancy):
        assert client.get(f"{BASE}/requests/{code}.json").status_code == 404
        assert client.get(f"{BASE}/tokens/{code}.json").status_code == 404
        assert client.get(f"{BASE}/requests/{code}.xml").status_code == 404


def test_requests_in_xml_carry_the_same_data(app, client):
    post_request(client, road_request(make_api_key(app)))
    madul_ticket(app)
    as_json = json_of(client.get(f"{BASE}/requests.json"))
    root = xml_of(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests" and len(root.findall("request")) == len(as_json) == 2
    for element, entry in zip(root.findall("request"), as_json, strict=True):
        assert [child.tag for child in element] == list(entry)
        for name, value in entry.items():
            expected = "" if value is None else str(value)
            assert (element.findtext(name) or "") == expected, name
