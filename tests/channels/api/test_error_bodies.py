"""Every JSON API error body validates against the schema the API's own OpenAPI document
publishes for that operation and status (the status's own response, else ``default``)."""

from __future__ import annotations

import uuid

import jsonschema
import pytest

from tests.channels.api.test_json_api import ROAD, token_for
from tests.helpers import gen_citizen, partner_key

DOCUMENT = "/api/v1/openapi.json"


def documented_schema(document: dict, path: str, method: str, status: int) -> dict:
    responses = document["paths"][path][method.lower()]["responses"]
    response = responses.get(str(status)) or responses["default"]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    assert "application/json" in response.get("content", {}), f"{method} {path} {status} documents no JSON body"
    # The schema refers to #/components/...: validate with the document's components beside it.
    return {**response["content"]["application/json"]["schema"], "components": document["components"]}


def assert_documented(client, response, path: str, method: str, status: int) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json, response.get_data(as_text=True)
    schema = documented_schema(client.get(DOCUMENT).json, path, method, status)
    jsonschema.validate(response.json, schema)


@pytest.fixture
def citizen_auth(app, client):
    _, nik, _ = gen_citizen(app)
    return token_for(client, nik)


def test_a_malformed_query_is_a_documented_400(client):
    response = client.get("/api/v1/modules?q=%00")
    assert_documented(client, response, "/api/v1/modules", "GET", 400)


def test_a_missing_or_unknown_credential_is_a_documented_401(client):
    assert_documented(client, client.post("/api/v1/tickets", json=ROAD), "/api/v1/tickets", "POST", 401)
    unknown = client.post("/api/v1/tickets", json=ROAD, headers={"Authorization": "Bearer ct_nope"})
    assert_documented(client, unknown, "/api/v1/tickets", "POST", 401)
    wrong = client.post("/api/v1/auth/token", json={"identifier": "3528014506900001", "password": "salah-sekali"})
    assert_documented(client, wrong, "/api/v1/auth/token", "POST", 401)


def test_a_partner_key_on_a_citizen_route_is_a_documented_403(app, client):
    _, key = partner_key(app)
    response = client.delete("/api/v1/auth/token", headers=key)
    assert_documented(client, response, "/api/v1/auth/token", "DELETE", 403)


def test_an_unknown_ticket_is_a_documented_404(client, citizen_auth):
    assert_documented(client, client.get("/api/v1/tickets/LOR-0000-0000"), "/api/v1/tickets/{code}", "GET", 404)
    comment = client.post("/api/v1/tickets/LOR-0000-0000/comments", json={"body": "Halo"}, headers=citizen_auth)
    assert_documented(client, comment, "/api/v1/tickets/{code}/comments", "POST", 404)


def test_rating_an_open_ticket_is_a_documented_409(client, citizen_auth):
    code = client.post("/api/v1/tickets", json=ROAD, headers=citizen_auth).json["code"]
    response = client.post(f"/api/v1/tickets/{code}/rating", json={"score": 5}, headers=citizen_auth)
    assert_documented(client, response, "/api/v1/tickets/{code}/rating", "POST", 409)


def test_invalid_bodies_are_documented_422s(client, citizen_auth):
    empty = client.post("/api/v1/tickets", json={}, headers=citizen_auth)
    assert_documented(client, empty, "/api/v1/tickets", "POST", 422)
    unknown_module = client.post("/api/v1/tickets", json={**ROAD, "module": "tidakada"}, headers=citizen_auth)
    assert_documented(client, unknown_module, "/api/v1/tickets", "POST", 422)
    no_extras = client.post("/api/v1/tickets", json={**ROAD, "extras": {}}, headers=citizen_auth)
    assert_documented(client, no_extras, "/api/v1/tickets", "POST", 422)
    key = {**citizen_auth, "Idempotency-Key": str(uuid.uuid4())}
    assert client.post("/api/v1/tickets", json=ROAD, headers=key).status_code == 201
    reused = client.post("/api/v1/tickets", json={**ROAD, "description": "Lain sekali ceritanya."}, headers=key)
    assert_documented(client, reused, "/api/v1/tickets", "POST", 422)


def test_a_locked_sign_in_is_a_documented_429(app, client):
    _, nik, _ = gen_citizen(app)
    responses = [
        client.post("/api/v1/auth/token", json={"identifier": nik, "password": "salah-sekali"})
        for _ in range(app.config["SIGN_IN_LOCK_THRESHOLD"] + 1)
    ]
    assert_documented(client, responses[-1], "/api/v1/auth/token", "POST", 429)


def test_a_server_failure_is_a_documented_500(app, client, monkeypatch):
    import suite.api.views

    def broken(_module):
        raise RuntimeError("module description broke")

    monkeypatch.setattr(suite.api.views, "_describe_module", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/api/v1/modules")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert_documented(client, response, "/api/v1/modules", "GET", 500)


def test_a_wrong_method_is_a_documented_error_that_still_says_what_is_allowed(client):
    response = client.put("/api/v1/modules", json={})
    assert response.status_code == 405 and response.is_json
    assert "GET" in response.headers["Allow"]
    document = client.get(DOCUMENT).json
    jsonschema.validate(response.json, {"$ref": "#/components/schemas/Error", "components": document["components"]})
