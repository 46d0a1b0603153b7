"""/api/v1: citizens' apps and partner systems over the same services as the web."""

import threading
import uuid

from suite.extensions import db
from suite.ticketing.models import Ticket
from tests.helpers import API_ROAD_REPORT as ROAD
from tests.helpers import (
    PASSWORD,
    citizen_client,
    gen_citizen,
    get_ticket,
    partner_key,
    staff_client,
    staff_photo,
    staff_post,
)
from tests.helpers import count as count_rows


def token_for(client, identifier):
    response = client.post("/api/v1/auth/token", json={"identifier": identifier, "password": PASSWORD})
    assert response.status_code == 201, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def count(app) -> int:
    return count_rows(app, Ticket)


def test_every_api_route_is_in_the_openapi_document(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json"):
            path = rule.rule.replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented, (path, method)


def test_modules_describe_categories_and_extra_fields(client):
    modules = {m["code"]: m for m in client.get("/api/v1/modules").json}
    assert set(modules) == {"lorong", "sehat", "babhar", "madul"}
    lorong = {f["name"]: f for f in modules["lorong"]["extra_fields"]}
    assert lorong["severity"]["type"] == "choice" and "berat" in lorong["severity"]["choices"]
    assert modules["lorong"]["requires_desa"] is True


def test_citizen_app_creates_reads_comments_and_lists(app, client):
    _, nik, _ = gen_citizen(app)
    auth = token_for(client, nik)
    created = client.post("/api/v1/tickets", json=ROAD, headers=auth)
    assert created.status_code == 201, created.json
    code = created.json["code"]
    assert code.startswith("LRG-") and created.json["agency"].startswith("Dinas Pekerjaan Umum")
    assert get_ticket(app, code).channel == "api"
    assert (
        client.post(f"/api/v1/tickets/{code}/comments", json={"body": "Sudah makin dalam."}, headers=auth).status_code
        == 201
    )
    public = client.get(f"/api/v1/tickets/{code}").json
    assert [e["kind"] for e in public["timeline"]] == ["created", "citizen_comment"]
    assert [t["code"] for t in client.get("/api/v1/me/tickets", headers=auth).json] == [code]


def test_module_schema_errors_come_back_by_field_and_nothing_is_written(app, client):
    _, nik, _ = gen_citizen(app)
    auth = token_for(client, nik)
    bad = dict(ROAD, extras={"road_name": "Jl. X", "damage_type": "pothole", "severity": "parah"})
    response = client.post("/api/v1/tickets", json=bad, headers=auth)
    assert response.status_code == 422 and "severity" in response.json["errors"]["json"]
    missing = client.post("/api/v1/tickets", json={"module": "lorong"}, headers=auth)
    assert missing.status_code == 422 and "description" in missing.json["errors"]["json"]
    assert count(app) == 0


def test_unauthenticated_and_revoked_callers_are_refused(app, client, runner):
    assert client.post("/api/v1/tickets", json=ROAD).status_code == 401
    assert client.post("/api/v1/tickets", json=ROAD, headers={"Authorization": "Bearer nope"}).status_code == 401
    key_id, headers = partner_key(app)
    assert client.post("/api/v1/tickets", json=ROAD, headers=headers).status_code == 201
    assert runner.invoke(args=["api-key", "revoke", str(key_id)]).exit_code == 0
    assert client.post("/api/v1/tickets", json=ROAD, headers=headers).status_code == 401


def test_api_key_cli_prints_the_key_once_and_stores_only_a_hash(app, client, runner):
    result = runner.invoke(args=["api-key", "create", "--name", "Mitra Uji"])
    assert result.exit_code == 0
    plain = result.output.split(": ", 1)[1].split()[0]
    with app.app_context():
        stored = db.session.execute(db.text("SELECT key_hash, prefix FROM api_keys")).one()
    assert plain not in stored.key_hash and plain.startswith(stored.prefix)
    assert "Mitra Uji" in runner.invoke(args=["api-key", "list"]).output
    partner = dict(ROAD, reporter={"name": "Pak Kades", "phone": "081299990000"})
    created = client.post("/api/v1/tickets", json=partner, headers={"X-API-Key": plain})
    assert created.status_code == 201 and get_ticket(app, created.json["code"]).reporter["name"] == "Pak Kades"


def test_a_retried_create_with_the_same_key_returns_the_same_ticket(app, client):
    _, nik, _ = gen_citizen(app)
    auth = token_for(client, nik)
    headers = {**auth, "Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/api/v1/tickets", json=ROAD, headers=headers)
    again = client.post("/api/v1/tickets", json=ROAD, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true" and again.json["code"] == first.json["code"]
    different = client.post(
        "/api/v1/tickets", json=dict(ROAD, description="Sesuatu yang lain sama sekali."), headers=headers
    )
    assert different.status_code == 422
    assert count(app) == 1


def test_two_identical_creates_at_the_same_moment_make_one_ticket(app):
    _, nik, _ = gen_citizen(app)
    clients = [app.test_client() for _ in range(4)]
    auth = token_for(clients[0], nik)
    headers = {**auth, "Idempotency-Key": str(uuid.uuid4())}
    barrier = threading.Barrier(len(clients))
    results = []

    def post(client):
        barrier.wait()
        response = client.post("/api/v1/tickets", json=ROAD, headers=headers)
        results.append((response.status_code, (response.json or {}).get("code")))

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert count(app) == 1
    codes = {code for status, code in results if status in (200, 201)}
    assert len(codes) == 1
    assert all(status in (200, 201, 409) for status, _ in results)
    assert [status for status, _ in results].count(201) == 1


def test_confidential_and_health_tickets_show_only_their_status_to_others(app, client):
    _, nik, _ = gen_citizen(app)
    auth = token_for(client, nik)
    secret = dict(
        ROAD,
        module="madul",
        category="misconduct",
        confidential=True,
        extras={},
        description="Ada pungutan liar di kantor desa.",
    )
    code = client.post("/api/v1/tickets", json=secret, headers=auth).json["code"]
    outsider = client.get(f"/api/v1/tickets/{code}").json
    assert outsider["status"] == "submitted" and "title" not in outsider and "timeline" not in outsider
    assert "timeline" in client.get(f"/api/v1/tickets/{code}", headers=auth).json


def test_rating_over_the_api_is_refused_before_resolution_and_accepted_after(app, client):
    _, nik, _ = gen_citizen(app)
    auth = token_for(client, nik)
    code = client.post("/api/v1/tickets", json=ROAD, headers=auth).json["code"]
    assert client.post(f"/api/v1/tickets/{code}/rating", json={"score": 5}, headers=auth).status_code == 409
    officer = staff_client(app, "pupr")
    assert staff_photo(officer, code).status_code == 302  # a road is resolved with an after photo
    for target in ("verified", "in_progress", "resolved"):
        staff_post(officer, code, "status", {"status": target})
    assert client.post(f"/api/v1/tickets/{code}/rating", json={"score": 5}, headers=auth).status_code == 201


def test_a_ticket_made_through_the_api_equals_one_made_on_the_web(app):
    from tests.helpers import lorong_fields, submit, ticket_code_from

    web_citizen = citizen_client(app)
    web = get_ticket(
        app,
        ticket_code_from(
            submit(web_citizen, "lorong", lorong_fields(description=ROAD["description"], road_status="regency"))
        ),
    )
    api_client = app.test_client()
    _, nik, _ = gen_citizen(app, sex="M")
    auth = token_for(api_client, nik)
    api = get_ticket(app, api_client.post("/api/v1/tickets", json=ROAD, headers=auth).json["code"])
    fields = (
        "module",
        "category",
        "status",
        "agency_id",
        "desa_code",
        "kecamatan_code",
        "title",
        "description",
        "extras",
        "priority",
        "visibility",
    )
    assert {f: getattr(web, f) for f in fields} == {f: getattr(api, f) for f in fields}
    assert (web.channel, api.channel) == ("web", "api")
