"""Rate limits on the intake surfaces (issue 9, item 2): each refuses the request after the limit in
its channel's own shape, counts in Redis when SUITE_REDIS_URL is set, and keys on the client's
address, the citizen or the API key.

The session app raises every limit (tests/conftest.py); these tests lower them on apps of their
own, each with its own counters, and tell callers apart by their address (REMOTE_ADDR)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid

import pytest

from suite import create_app
from suite.extensions import db
from suite.identity.models import Citizen
from suite.ticketing.models import Ticket
from tests.conftest import csrf_token
from tests.helpers import API_ROAD_REPORT as ROAD
from tests.helpers import PASSWORD, count, gen_citizen, login_citizen, lorong_fields, make_nik, submit

LOW = {
    "REGISTRATION_RATE_LIMIT": "2 per minute",
    "TICKET_RATE_LIMIT_CITIZEN": "2 per minute",
    "TICKET_RATE_LIMIT_API_KEY": "2 per minute",
    "OPEN311_RATE_LIMIT_API_KEY": "2 per minute",
    "OPEN311_RATE_LIMIT_ADDRESS": "3 per minute",
    "WEBHOOK_REFUSAL_LIMIT": "2 per minute",
}
SMS_SECRET = "rahasia-gerbang-sms"


def app_like(app, **settings):
    """Another app (another worker) on the test database, with the test app's raised limits
    unless ``settings`` says otherwise."""
    names = ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "NIK_KEY", "UPLOAD_FOLDER", "TESTING")
    raised = {
        name: value
        for name, value in app.config.items()
        if "RATE_LIMIT" in name or name.endswith("_LIMIT") and isinstance(value, str) and "per" in value
    }
    return create_app(
        {
            **{name: app.config[name] for name in names},
            **raised,
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URL": "",
            **settings,
        }
    )


@pytest.fixture(scope="module")
def limited(app):
    return app_like(app, **LOW, SMS_WEBHOOK_SECRET=SMS_SECRET)


def client_from(application, address: str):
    client = application.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def registration(token: str, **overrides) -> dict:
    nik = make_nik("F")
    data = {
        "csrf_token": token,
        "nik": nik,
        "full_name": "Siti Pendaftar",
        "birth_date": "1995-04-07",
        "sex": "F",
        "phone": f"0815{int(nik[-4:]):08d}",
        "desa_code": "35.28.01.2001",
        "password": "kata-sandi-panjang-9",
        "password_confirm": "kata-sandi-panjang-9",
    }
    data.update(overrides)
    return data


def test_registration_refuses_the_third_post_from_one_address_and_keeps_what_was_typed(app, limited):
    client = client_from(limited, "198.51.100.10")
    token = csrf_token(client, "/akun/daftar")
    for _ in range(2):  # every post counts, also one with errors: each costs password hashing
        assert client.post("/akun/daftar", data=registration(token, full_name="")).status_code == 422
    citizens = count(app, Citizen)

    refused = client.post("/akun/daftar", data=registration(token, full_name="Siti Ketiga Kalinya"))

    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Terlalu banyak pendaftaran" in page
    assert 'value="Siti Ketiga Kalinya"' in page  # the form is shown again, filled in
    assert refused.headers.get("Retry-After")
    assert count(app, Citizen) == citizens
    # Another address is not held back by this one.
    other = client_from(limited, "198.51.100.11")
    assert (
        other.post("/akun/daftar", data=registration(csrf_token(other, "/akun/daftar"), full_name="")).status_code
        == 422
    )


def test_web_tickets_are_limited_per_citizen_and_the_form_keeps_the_report(app, limited):
    _, nik, _ = gen_citizen(limited)
    client = client_from(limited, "198.51.100.20")
    login_citizen(client, nik)
    assert submit(client, "lorong", lorong_fields(description="")).status_code == 422  # errors do not count
    for n in range(2):
        made = submit(client, "lorong", lorong_fields(not_duplicate="y", road_name=f"Jl. Uji {n}"))
        assert made.status_code == 302, made.get_data(as_text=True)
    tickets = count(app, Ticket)

    refused = submit(
        client,
        "madul",
        {"category": "waste", "description": "Sampah menumpuk di pasar Tlanakan, sudah tiga hari tidak diangkut."},
    )

    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "banyak laporan dalam waktu singkat" in page and "119" in page
    assert "sudah tiga hari tidak diangkut" in page  # what the citizen typed is still in the form
    assert count(app, Ticket) == tickets
    # The same citizen's app shares the count (one citizen, every channel) ...
    token = client.post("/api/v1/auth/token", json={"identifier": nik, "password": PASSWORD}).json["token"]
    over_api = client.post("/api/v1/tickets", json=ROAD, headers={"Authorization": f"Bearer {token}"})
    assert over_api.status_code == 429 and over_api.json["code"] == 429
    # ... while another citizen is not held back.
    _, other_nik, _ = gen_citizen(limited)
    other = client_from(limited, "198.51.100.20")
    login_citizen(other, other_nik)
    assert submit(other, "lorong", lorong_fields(not_duplicate="y")).status_code == 302


def test_api_tickets_are_limited_per_api_key_in_the_api_error_shape(app, limited):
    from suite.channels.credentials import create_api_key

    with limited.app_context():
        (_, first), (_, second) = create_api_key("Mitra A"), create_api_key("Mitra B")
        db.session.commit()
    client = client_from(limited, "198.51.100.30")
    partner = {**ROAD, "reporter": {"name": "Budi", "phone": "081234567890"}}
    assert [
        client.post("/api/v1/tickets", json=partner, headers={"X-API-Key": first}).status_code for _ in range(2)
    ] == [201, 201]

    refused = client.post("/api/v1/tickets", json=partner, headers={"X-API-Key": first})

    assert refused.status_code == 429
    assert refused.json["code"] == 429 and "kunci API" in refused.json["message"]
    assert refused.headers.get("Retry-After")
    assert client.post("/api/v1/tickets", json=partner, headers={"X-API-Key": second}).status_code == 201


def _open311_post(client, api_key: str, fmt: str = "json"):
    from tests.channels.open311.support import road_request

    return client.post(f"/open311/v2/requests.{fmt}", data=road_request(api_key))


def test_open311_posts_are_limited_per_api_key_in_the_open311_error_shape(app, limited):
    from tests.channels.open311.support import make_api_key

    key = make_api_key(limited, "Mitra Open311")
    statuses = [_open311_post(client_from(limited, f"198.51.100.{40 + n}"), key).status_code for n in range(2)]
    assert statuses == [200, 200]

    refused = _open311_post(client_from(limited, "198.51.100.43"), key)  # a third address, the same key

    assert refused.status_code == 429
    assert refused.json[0]["code"] == 429 and "api_key" in refused.json[0]["description"]
    in_xml = _open311_post(client_from(limited, "198.51.100.44"), key, fmt="xml")
    assert in_xml.status_code == 429 and b"<errors>" in in_xml.data and b"<code>429</code>" in in_xml.data


def test_open311_posts_are_limited_per_address_even_with_a_new_key_each_time(app, limited):
    client = client_from(limited, "198.51.100.50")
    guesses = [_open311_post(client, f"guess-{n}").status_code for n in range(3)]
    assert guesses == [403, 403, 403]

    refused = _open311_post(client, "guess-4")

    assert refused.status_code == 429 and refused.json[0]["code"] == 429
    assert "address" in refused.json[0]["description"]


def _sms(client, secret: str = SMS_SECRET):
    body = json.dumps(
        {
            "id": f"gw-{uuid.uuid4().hex}",
            "from": "081234500077",
            "text": "CEK LRG-0000-0000",
            "received_at": "2026-01-05T08:00:00+07:00",
        }
    ).encode()
    stamp = str(int(time.time()))
    signature = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return client.post(
        "/webhook/sms",
        data=body,
        headers={"X-Timestamp": stamp, "X-Signature": f"sha256={signature}", "Content-Type": "application/json"},
    )


def test_webhook_refusals_block_the_address_without_checking_signatures(app, limited, monkeypatch):
    from suite.channels.sms import signature

    gateway = client_from(limited, "198.51.100.60")
    assert [_sms(gateway).status_code for _ in range(3)] == [200, 200, 200]  # accepted messages never count
    prober = client_from(limited, "198.51.100.61")
    assert [_sms(prober, secret="tebakan").status_code for _ in range(2)] == [401, 401]
    checked = []
    real_problem = signature.problem
    monkeypatch.setattr(signature, "problem", lambda *args: checked.append(args) or real_problem(*args))

    refused = _sms(prober)  # even a correctly signed one, from the refused address

    assert refused.status_code == 429 and "too many refused" in refused.json["error"]
    assert checked == []  # refused before any signature work
    whatsapp = prober.post("/webhook/whatsapp", data=b"{}", headers={"Content-Type": "application/json"})
    assert whatsapp.status_code == 429  # one count for every webhook
    assert _sms(gateway).status_code == 200 and len(checked) == 1  # the gateway's address still passes


def test_each_app_in_memory_counts_alone(app):
    """Without Redis each worker has its own counters: the reason production wants SUITE_REDIS_URL."""
    first, second = (app_like(app, REGISTRATION_RATE_LIMIT="1 per minute") for _ in range(2))
    assert first.config["RATELIMIT_STORAGE_URI"] == "memory://"
    for worker in (first, second):
        client = client_from(worker, "198.51.100.70")
        assert (
            client.post("/akun/daftar", data=registration(csrf_token(client, "/akun/daftar"), full_name="")).status_code
            == 422
        )


def test_two_workers_on_one_redis_share_their_counts_and_deployments_do_not(app, redis_url):
    import redis

    prefix = f"suite-test-{uuid.uuid4().hex[:8]}"
    one, two = (
        app_like(app, REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=prefix, REGISTRATION_RATE_LIMIT="2 per minute")
        for _ in range(2)
    )
    other_deployment = app_like(
        app, REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=f"{prefix}-other", REGISTRATION_RATE_LIMIT="2 per minute"
    )
    try:
        assert one.config["RATELIMIT_STORAGE_URI"] == redis_url
        statuses = []
        for worker in (one, two, two):
            client = client_from(worker, "198.51.100.80")
            statuses.append(
                client.post(
                    "/akun/daftar", data=registration(csrf_token(client, "/akun/daftar"), full_name="")
                ).status_code
            )
        assert statuses == [422, 422, 429]  # the second worker saw the first one's post
        client = client_from(other_deployment, "198.51.100.80")
        assert (
            client.post("/akun/daftar", data=registration(csrf_token(client, "/akun/daftar"), full_name="")).status_code
            == 422
        )
    finally:
        connection = redis.Redis.from_url(redis_url)
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)


def test_storage_follows_the_settings(app):
    assert (
        app_like(app, REDIS_URL="redis://127.0.0.1:6379/3").config["RATELIMIT_STORAGE_URI"]
        == "redis://127.0.0.1:6379/3"
    )
    explicit = app_like(app, REDIS_URL="redis://127.0.0.1:6379/3", RATELIMIT_STORAGE_URL="memory://")
    assert explicit.config["RATELIMIT_STORAGE_URI"] == "memory://"
    # Without an explicit prefix, two deployments (two databases) never share counters.
    assert (
        app_like(app).config["RATELIMIT_KEY_PREFIX"]
        != app_like(app, SQLALCHEMY_DATABASE_URI="sqlite:////tmp/another-suite.db").config["RATELIMIT_KEY_PREFIX"]
    )


def test_production_on_memory_storage_warns_loudly_at_start(app, caplog, monkeypatch):
    strong = {"SECRET_KEY": secrets.token_urlsafe(48), "NIK_KEY": secrets.token_urlsafe(48)}
    # Alembic's logging set-up (the migrations the test app ran) switches existing loggers off.
    monkeypatch.setattr(logging.getLogger("suite.security.storage"), "disabled", False)
    with caplog.at_level(logging.WARNING, logger="suite.security.storage"):
        app_like(app, ENV_NAME="production", **strong)
    assert any("memory storage in production" in record.getMessage() for record in caplog.records)
