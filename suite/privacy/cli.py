"""``flask --app suite legal-hold``: staff-set holds that keep a citizen's data from erasure
(an investigation, a court order, a dispute). Run by an administrator on the server."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from suite.database import write_transaction


@click.group("legal-hold", cls=AppGroup)
def legal_hold_group() -> None:
    """Place or release legal holds on a citizen's data."""


@legal_hold_group.command("place")
@click.argument("citizen_id", type=int)
@click.option("--reason", required=True, help="Why the data must be kept, shown to the citizen.")
def place_command(citizen_id: int, reason: str) -> None:
    """Keep a citizen's data from erasure until released."""
    from suite.privacy.subject_rights import find_citizen, place_legal_hold

    with write_transaction():
        citizen = find_citizen(citizen_id)
        if citizen is None or citizen.erased_at is not None:
            raise click.BadParameter(f"no citizen #{citizen_id} with data to hold")
        if not reason.strip():
            raise click.BadParameter("a reason is required", param_hint="--reason")
        place_legal_hold(citizen, reason)
    click.echo(f"Legal hold placed on citizen #{citizen_id}.")


@legal_hold_group.command("release")
@click.argument("citizen_id", type=int)
def release_command(citizen_id: int) -> None:
    """Release every hold staff placed on a citizen."""
    from suite.privacy.subject_rights import find_citizen, release_legal_holds

    with write_transaction():
        citizen = find_citizen(citizen_id)
        if citizen is None:
            raise click.BadParameter(f"no citizen #{citizen_id}")
        released = release_legal_holds(citizen)
    click.echo(f"{released} legal holds released on citizen #{citizen_id}.")
