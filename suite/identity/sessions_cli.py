"""Commands that end sessions from the server: a staff member leaves, or a device is lost.

Staff accounts are created from the command line (``create-staff``), so they are switched off there
too; switching an account off also ends every open session at once, not at its timeout.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from suite.audit.services import record
from suite.database import write_transaction
from suite.extensions import db
from suite.identity.models import Citizen, Staff
from suite.identity.sessions import end_all_sessions


@click.command("deactivate-staff")
@click.option("--email", required=True, help="The staff member's email.")
@with_appcontext
def deactivate_staff_command(email: str) -> None:
    """Switch a staff account off and sign it out everywhere."""
    with write_transaction():
        staff = _staff(email)
        staff.active = False
        ended = end_all_sessions(staff)
        record("staff_deactivated", "staff", staff.id, detail=f"CLI; {ended} session(s) ended")
    click.echo(f"{staff.email} deactivated; {ended} session(s) ended.")


@click.command("end-sessions")
@click.option("--email", default=None, help="A staff member's email.")
@click.option("--citizen-id", type=int, default=None, help="A citizen's account number.")
@with_appcontext
def end_sessions_command(email: str | None, citizen_id: int | None) -> None:
    """Sign one account out of every browser (a lost phone or laptop)."""
    if (email is None) == (citizen_id is None):
        raise click.UsageError("give exactly one of --email or --citizen-id")
    with write_transaction():
        account: Staff | Citizen | None = _staff(email) if email is not None else db.session.get(Citizen, citizen_id)
        if account is None:
            raise click.BadParameter(f"no citizen {citizen_id}", param_hint="--citizen-id")
        ended = end_all_sessions(account)
        record("sessions_ended", "staff" if email is not None else "citizen", account.id, detail=f"CLI; {ended} ended")
    click.echo(f"{ended} session(s) ended.")


def _staff(email: str) -> Staff:
    """The staff account with this email; a usage error (the caller's transaction rolls back) if none."""
    staff = db.session.execute(select(Staff).where(Staff.email == email.strip().lower())).scalar_one_or_none()
    if staff is None:
        raise click.BadParameter(f"no staff account {email!r}", param_hint="--email")
    return staff
