"""The webhook a remote calls with status news: its own token, one timeline event per change,
and nothing for a caller without the token."""

from __future__ import annotations

import re

from suite.channels.models import SecurityEvent
from tests.conftest import csrf_token
from tests.connectors.test_forwarding import deliver_due, events, forward, road_ticket
from tests.helpers import audit_entries, rows


def webhook_token(admin, endpoint_id) -> str:
    url = f"/admin/penghubung/{endpoint_id}"
    page = admin.post(f"{url}/webhook", data={"csrf_token": csrf_token(admin, url)}).get_data(as_text=True)
    return re.search(r"(wh_[A-Za-z0-9_-]+)", page).group(1)


def test_a_remote_pushes_a_status_once_with_its_token(app, endpoint, remote, admin, client):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    deliver_due(app)
    [remote_id] = remote.reports
    token = webhook_token(admin, endpoint)
    assert token not in admin.get(f"/admin/penghubung/{endpoint}").get_data(as_text=True)  # shown once
    [entry] = [e for e in audit_entries(app, resource_type="connector_endpoint") if e.action == "update"]
    assert token not in str(entry.after) and entry.after == {"webhook_token": "new"}
    url = f"/webhook/penghubung/{endpoint}"
    body = {"id": remote_id, "status": "Proses"}
    headers = {"Authorization": f"Bearer {token}"}
    answer = client.post(url, json=body, headers=headers)
    assert answer.status_code == 200 and answer.get_json() == {"status": "accepted", "changed": True}
    assert client.post(url, json=body, headers=headers).get_json()["changed"] is False  # a repeat adds nothing
    assert [e.body for e in events(app, code, "external_status")] == ["Sedang ditindaklanjuti melalui SP4N-LAPOR!"]
    assert client.post(url, json={"id": "nope", "status": "Proses"}, headers=headers).status_code == 404
    assert client.post(url, json={"status": "Proses"}, headers=headers).status_code == 400


def test_without_the_token_nothing_changes_and_the_refusal_is_logged(app, endpoint, remote, admin, client):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    deliver_due(app)
    [remote_id] = remote.reports
    url = f"/webhook/penghubung/{endpoint}"
    body = {"id": remote_id, "status": "Selesai"}
    assert client.post(url, json=body).status_code == 401  # no token made yet
    webhook_token(admin, endpoint)
    assert client.post(url, json=body, headers={"Authorization": "Bearer wh_wrong"}).status_code == 401
    assert (
        client.post("/webhook/penghubung/999999", json=body, headers={"Authorization": "Bearer x"}).status_code == 401
    )
    assert events(app, code, "external_status") == []
    assert [e.kind for e in rows(app, SecurityEvent)] == ["connector_webhook"] * 3


def test_control_characters_are_a_clear_400(app, endpoint, remote, admin, client):
    code, officer = road_ticket(app)
    forward(officer, code, endpoint)
    deliver_due(app)
    [remote_id] = remote.reports
    headers = {"Authorization": f"Bearer {webhook_token(admin, endpoint)}"}
    url = f"/webhook/penghubung/{endpoint}"
    assert client.post(url, json={"id": remote_id, "status": "Pro\x00ses"}, headers=headers).status_code == 400
    assert client.post(url, json={"id": f"{remote_id}\n", "status": "Proses"}, headers=headers).status_code == 400
    assert events(app, code, "external_status") == []
