"""Bad input never gives a 500: dates, months and periods are bounded everywhere, and every error
under /open311 is in the GeoReport v2 shape (issue 9, item 14)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from werkzeug.exceptions import TooManyRequests

from tests.channels.open311.support import BASE, json_of, make_api_key, post_request, road_request, xml_of
from tests.helpers import citizen_client, staff_client

HOSTILE = ["9999-12-31T23:59:59Z", "0000-01-01", "2026-13", "-1", "1e309", "9" * 5000, "2026-01-01%00"]
# Every query parameter that names a date, month, period or cursor somewhere in the suite.
DATE_PARAMETERS = [
    "start_date",
    "end_date",
    "bulan",
    "dari",
    "sampai",
    "setelah",
    "tanggal",
    "periode",
    "month",
    "date",
    "from",
    "to",
    "since",
    "until",
]


def _query(value: str, names=DATE_PARAMETERS) -> str:
    encoded = quote(value, safe="%") if "%00" in value else quote(value, safe="")
    return "&".join(f"{name}={encoded}" for name in names)


def test_the_two_known_500s_are_400s_now(app, client):
    response = client.get(f"{BASE}/requests.json?start_date=9999-12-31T23:59:59Z")
    assert response.status_code == 400
    [error] = json_of(response)
    assert error["code"] == 400 and error["description"].startswith("start_date: Out of range")

    midwife = staff_client(app, "pkm-tlanakan")
    response = midwife.get("/layanan/babhar/petugas/kohort.csv?bulan=9999-12")
    assert response.status_code == 400 and "Tanggal di luar jangkauan" in response.get_data(as_text=True)
    assert midwife.get("/layanan/babhar/petugas/kohort.xlsx?bulan=2026-13").status_code == 400
    assert midwife.get("/layanan/babhar/petugas/kohort.csv?bulan=2026-01").status_code == 200
    assert midwife.get("/layanan/babhar/petugas/kohort.csv").status_code == 200  # this month by default


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59Z",
        "0000-01-01",
        "1e309",
        "2026-01-01%00",
        "x" * 5000,
        "0001-01-01T00:00:00+07:00",
        "2026-02-30",
        "\u0662\u0660\u0662\u0666-01-01",
    ],
)
def test_open311_dates_are_refused_in_the_standards_shape(client, value):
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/requests.{fmt}?{_query(value, ['start_date', 'end_date'])}")
        assert response.status_code == 400, (value, response.status_code)
        if fmt == "json":
            assert all(set(error) == {"code", "description"} and error["code"] == 400 for error in json_of(response))
        else:
            root = xml_of(response)
            assert root.tag == "errors" and root.find("error/code").text == "400"


def test_scorecard_and_statistics_periods_are_bounded(app, client):
    supervisor = staff_client(app, "pupr", "supervisor")
    for url in ("/petugas/kinerja", "/petugas/kinerja.csv"):
        assert supervisor.get(f"{url}?dari=0000-01-01").status_code == 400
        assert supervisor.get(f"{url}?sampai=9999-12-31").status_code == 400
        assert supervisor.get(f"{url}?dari=2026-01-01&sampai=2026-01-31").status_code == 200
    response = client.get("/statistik/instansi?sampai=9999-12-31")
    assert response.status_code == 422 and "Tanggal di luar jangkauan" in response.get_data(as_text=True)


def test_a_forged_queue_cursor_starts_from_the_top(app):
    officer = staff_client(app, "pupr")
    for cursor in (
        "9999-12-31T23:59:59+00:00|1",
        "2026-01-01T00:00:00+00:00|" + "9" * 30,
        "\u00b2",
        "9" * 30,
        "2026-01-01T00:00:00|5",
    ):
        for sort in ("due", "newest"):
            assert officer.get(f"/petugas/?sort={sort}&setelah={quote(cursor)}").status_code == 200, cursor


def _get_routes(app) -> list[str]:
    """Every GET route without path arguments (a route with arguments is reached through these)."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static":
            routes.add(rule.rule)
        elif "GET" in rule.methods and set(rule.arguments) == {"fmt"}:
            routes.update(
                rule.rule.replace("<any(json, xml):fmt>", fmt).replace("<fmt>", fmt)
                for fmt in ("json", "xml", "csv", "xlsx")
            )
    # Signing out mid-sweep would turn the rest into sign-in redirects.
    return sorted(route for route in routes if "keluar" not in route and "logout" not in route)


def test_hostile_dates_on_every_get_route_never_give_a_5xx(app, monkeypatch):
    # A channel that is switched off answers 503 on purpose; switch it on so its code runs.
    monkeypatch.setitem(app.config, "WHATSAPP_VERIFY_TOKEN", "verify-me")
    clients = {
        "anonymous": app.test_client(),
        "citizen": citizen_client(app),
        "officer": staff_client(app, "pupr"),
        "supervisor": staff_client(app, "pupr", "supervisor"),
        "midwife": staff_client(app, "pkm-tlanakan"),
        "admin": staff_client(app, None, "admin"),
    }
    failures = []
    routes = _get_routes(app)
    assert "/petugas/kinerja.csv" in routes and f"{BASE}/requests.json" in routes
    for role, client in clients.items():
        for route in routes:
            for value in HOSTILE:
                response = client.get(f"{route}?{_query(value)}")
                if response.status_code >= 500:
                    failures.append((role, route, value[:40], response.status_code))
    assert not failures, failures


def test_open311_errors_are_always_in_the_standards_shape(app, client, monkeypatch):
    def errors_of(response, status):
        assert response.status_code == status
        if response.content_type.startswith("application/json"):
            [error] = json_of(response)
            assert error["code"] == status and error["description"]
        else:
            root = xml_of(response)
            assert root.tag == "errors" and root.find("error/code").text == str(status)
            assert root.find("error/description").text

    errors_of(client.get(f"{BASE}/nowhere.json"), 404)
    errors_of(client.get(f"{BASE}/requests/LRG-0000-0000.xml"), 404)
    errors_of(client.put(f"{BASE}/requests.json"), 405)
    errors_of(client.delete(f"{BASE}/services.xml"), 405)
    errors_of(post_request(client, road_request(None)), 403)
    errors_of(post_request(client, road_request("not-a-key"), fmt="xml"), 403)
    errors_of(client.get(f"{BASE}/requests.json?status=sideways"), 400)

    key = make_api_key(app)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    errors_of(post_request(client, road_request(key, description="x" * 5000)), 413)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 32 * 1024 * 1024)

    def refuse(*_args, **_kwargs):
        raise TooManyRequests()

    monkeypatch.setattr("suite.channels.open311.views.service_list", refuse)
    errors_of(client.get(f"{BASE}/services.json"), 429)

    def crash(*_args, **_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("suite.channels.open311.views.find_requests", crash)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get(f"{BASE}/requests.xml")
    errors_of(response, 500)
    assert "database went away" not in response.get_data(as_text=True)


def test_dates_typed_in_forms_are_bounded_with_a_form_error(app):
    from sqlalchemy import select

    from modules.babhar.models import Visit
    from suite.extensions import db
    from tests.conftest import csrf_token
    from tests.helpers import submit
    from tests.modules.babhar.support import post_outcome, registered

    _, midwife, pregnancy_id = registered(app, weeks=39)
    with app.app_context():
        visit_id = db.session.execute(select(Visit.id).where(Visit.pregnancy_id == pregnancy_id)).scalars().first()
    url = f"/layanan/babhar/petugas/ibu/{pregnancy_id}"
    for value in ("9999-12-31", "0001-01-01"):
        response = midwife.post(
            f"{url}/kunjungan/{visit_id}", data={"csrf_token": csrf_token(midwife, url), "visited_on": value}
        )
        assert response.status_code == 422 and "Tanggal di luar jangkauan" in response.get_data(as_text=True)
        response = post_outcome(midwife, pregnancy_id, kind="live_birth", ended_on=value)
        assert response.status_code == 422 and "Tanggal di luar jangkauan" in response.get_data(as_text=True)
        response = midwife.post(
            f"{url}/rencana-persalinan",
            data={"csrf_token": csrf_token(midwife, f"{url}/rencana-persalinan"), "expected_date": value},
        )
        assert response.status_code < 500

    citizen = citizen_client(app)
    response = submit(
        citizen,
        "sehat",
        {
            "category": "puskesmas_service",
            "description": "Antrean puskesmas terlalu lama.",
            "desa_code": "35.28.01.2001",
            "visit_date": "9999-12-31",
        },
    )
    assert response.status_code == 422 and "Tanggal di luar jangkauan" in response.get_data(as_text=True)
