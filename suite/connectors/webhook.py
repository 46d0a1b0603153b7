"""``POST /webhook/penghubung/<endpoint id>``: a remote system tells us a forwarded ticket's new
status instead of waiting to be asked (``connector-pull`` still runs; both write an event once).

The remote sends ``Authorization: Bearer <the webhook token an admin made for it>`` and JSON
``{"id": "<its reference>", "status": "<its status>"}``. Machine-to-machine: no cookies, so no
CSRF; refusals are logged as security events and limited per address like the other webhooks.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from sqlalchemy import select

from suite.channels.dialogue.gateway import refuse
from suite.connectors.endpoints import webhook_token_matches
from suite.connectors.models import ConnectorEndpoint, ExternalReference
from suite.connectors.statuses import record_remote_status
from suite.extensions import db
from suite.security.limits import limit_webhook_refusals

blueprint = Blueprint("connector_webhook", __name__)


def _bearer() -> str | None:
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    return value if scheme.lower() == "bearer" else None


@blueprint.post("/webhook/penghubung/<int(max=2147483647):endpoint_id>")
@limit_webhook_refusals
def receive(endpoint_id: int):
    endpoint = db.session.get(ConnectorEndpoint, endpoint_id)
    # One answer for an unknown endpoint, one switched off and a wrong token: nothing to probe.
    if endpoint is None or not endpoint.active or not webhook_token_matches(endpoint, _bearer()):
        return refuse("connector_webhook", f"bad token for connector endpoint {endpoint_id}")
    data = request.get_json(silent=True)
    remote_id = data.get("id") if isinstance(data, dict) else None
    status = data.get("status") if isinstance(data, dict) else None
    if not isinstance(remote_id, str | int) or not isinstance(status, str) or not status.strip():
        return jsonify(error='expected JSON {"id", "status"}'), 400
    if any(ord(c) < 32 or ord(c) == 127 for c in f"{remote_id}{status}"):
        # Control characters (a NUL is refused by PostgreSQL) are never part of an id or a status.
        return jsonify(error="control characters in id or status"), 400
    reference_id = db.session.execute(
        select(ExternalReference.id).where(
            ExternalReference.endpoint_id == endpoint.id,
            ExternalReference.external_id == str(remote_id).strip()[:200],
            ExternalReference.state == "sent",
        )
    ).scalar_one_or_none()
    if reference_id is None:
        return jsonify(error="no report with this id was forwarded to you"), 404
    changed = record_remote_status(reference_id, status.strip()[:80])
    return jsonify(status="accepted", changed=changed)
