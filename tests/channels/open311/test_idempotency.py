"""POST requests honour an Idempotency-Key header exactly as the JSON API does: the same key
and body give the first ticket again, the key with another body is refused (422), and many
copies posted at once still make one ticket."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from suite.extensions import db
from suite.ticketing.models import Ticket
from tests.channels.open311.support import BASE, json_of, make_api_key, road_request


def ticket_count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(Ticket.id))).scalar_one()


def post_with_key(client, data: dict, key: str):
    return client.post(f"{BASE}/requests.json", data=data, headers={"Idempotency-Key": key})


def test_the_same_key_posted_twice_gives_one_ticket(app, client):
    data, key = road_request(make_api_key(app)), str(uuid.uuid4())
    first = post_with_key(client, data, key)
    again = post_with_key(client, data, key)
    assert first.status_code == 200 and "Idempotent-Replayed" not in first.headers
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert json_of(again)[0]["service_request_id"] == json_of(first)[0]["service_request_id"]
    assert ticket_count(app) == 1


def test_the_same_key_with_another_request_is_refused_as_the_api_refuses_it(app, client):
    data, key = road_request(make_api_key(app)), str(uuid.uuid4())
    assert post_with_key(client, data, key).status_code == 200
    different = post_with_key(client, {**data, "description": "Jembatan kayu di ujung desa sudah lapuk."}, key)
    assert different.status_code == 422
    [error] = json_of(different)
    assert error["code"] == 422
    assert ticket_count(app) == 1


def test_without_a_key_every_post_is_a_new_ticket(app, client):
    data = road_request(make_api_key(app))
    assert [client.post(f"{BASE}/requests.json", data=data).status_code for _ in range(2)] == [200, 200]
    assert ticket_count(app) == 2


def test_twenty_concurrent_posts_with_one_key_make_one_ticket(app):
    data, key = road_request(make_api_key(app)), str(uuid.uuid4())
    clients = [app.test_client() for _ in range(20)]
    barrier = threading.Barrier(len(clients))
    results: list[tuple[int, str | None]] = []

    def post(client):
        barrier.wait()
        response = post_with_key(client, data, key)
        body = response.get_json()
        results.append(
            (response.status_code, body[0].get("service_request_id") if response.status_code == 200 else None)
        )

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 20
    assert ticket_count(app) == 1
    assert {code for status, code in results if status == 200} == {code for _, code in results if code}
    assert len({code for _, code in results if code}) == 1
    assert all(status in (200, 409) for status, _ in results), results


def test_another_api_key_with_the_same_idempotency_key_gets_its_own_ticket(app, client):
    """Keys are scoped to the caller: nobody can replay (and so read) another partner's ticket."""
    key = str(uuid.uuid4())
    mine = road_request(make_api_key(app))
    theirs = {**mine, "api_key": make_api_key(app)}
    first = post_with_key(client, mine, key)
    other = post_with_key(client, theirs, key)
    assert first.status_code == 200 and other.status_code == 200, other.get_data(as_text=True)
    assert "Idempotent-Replayed" not in other.headers
    assert json_of(other)[0]["service_request_id"] != json_of(first)[0]["service_request_id"]
    assert ticket_count(app) == 2
