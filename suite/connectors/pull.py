"""Reading statuses back: ``flask --app suite connector-pull`` (run it every few minutes).

For each active endpoint, the references it gave us and has not closed (its final statuses) are
asked for their status, least recently asked first, at most ``CONNECTOR_PULL_LIMIT`` a run. A
status that changed becomes one public timeline event in the words the admin chose; a status we
already have adds nothing, so a re-run (or two runs at once) writes no duplicate. No transaction
is held while the remote is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import or_, select

from suite.connectors import client
from suite.connectors.delivery import endpoint_token
from suite.connectors.models import ConnectorEndpoint, ExternalReference
from suite.connectors.statuses import record_remote_status
from suite.extensions import db
from suite.notify.senders import DeliveryError


@dataclass
class PullResult:
    checked: int = 0
    changed: int = 0
    errors: int = 0


def open_references(endpoint: ConnectorEndpoint, limit: int) -> list[tuple[int, str]]:
    """(reference id, remote id) of the endpoint's references still open there, least recently read first."""
    final = [status for status in (endpoint.final_statuses or []) if isinstance(status, str)]
    query = select(ExternalReference.id, ExternalReference.external_id).where(
        ExternalReference.endpoint_id == endpoint.id,
        ExternalReference.state == "sent",
        ExternalReference.external_id.is_not(None),
    )
    if final:
        query = query.where(
            or_(ExternalReference.remote_status.is_(None), ExternalReference.remote_status.not_in(final))
        )
    # Never-read rows first, then the oldest read: every reference gets its turn however many there are.
    query = query.order_by(
        ExternalReference.last_pulled_at.is_not(None), ExternalReference.last_pulled_at, ExternalReference.id
    ).limit(limit)
    return [(row.id, row.external_id) for row in db.session.execute(query)]


def pull_statuses(limit: int | None = None) -> PullResult:
    remaining = limit if limit is not None else int(current_app.config.get("CONNECTOR_PULL_LIMIT", 200))
    result = PullResult()
    endpoints = db.session.execute(
        select(ConnectorEndpoint).where(ConnectorEndpoint.active.is_(True)).order_by(ConnectorEndpoint.id)
    ).scalars()
    for endpoint in list(endpoints):
        if remaining <= 0:
            break
        base_url, token = endpoint.base_url, endpoint_token(endpoint)
        references = open_references(endpoint, remaining)
        remaining -= len(references)
        for reference_id, remote_id in references:
            result.checked += 1
            try:
                status = client.get_status(base_url, token, remote_id)
            except DeliveryError:
                result.errors += 1
                status = None  # asked and not answered: its turn goes to the others next run
            if record_remote_status(reference_id, status):
                result.changed += 1
    return result


@click.command("connector-pull")
@click.option("--limit", type=int, default=None, help="At most this many references (default: CONNECTOR_PULL_LIMIT).")
@with_appcontext
def pull_command(limit: int | None) -> None:
    """Read the status of forwarded tickets back from the outside systems onto their timelines."""
    result = pull_statuses(limit)
    click.echo(f"{result.checked} checked, {result.changed} changed, {result.errors} unanswered")
