"""``flask --app suite reset-second-factor --email E``: an admin forgets a staff member's second
factor (lost phone, no recovery code left). Audited; the staff member's sessions end, and the
next sign-in goes through enrolment again."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from suite.audit.services import record
from suite.database import write_transaction
from suite.extensions import db


@click.command("reset-second-factor")
@click.option("--email", required=True, help="The staff member's email.")
@click.option("--by", "admin_email", default=None, help="The admin doing it (recorded in the audit log).")
@with_appcontext
def reset_second_factor_command(email: str, admin_email: str | None) -> None:
    """Remove a staff member's TOTP secret and recovery codes; they enrol again at their next sign-in."""
    from suite.identity import totp
    from suite.identity.models import Staff
    from suite.identity.sessions import end_all_sessions

    with write_transaction():
        staff = db.session.execute(select(Staff).where(Staff.email == email.strip().lower())).scalar_one_or_none()
        if staff is None:
            raise click.BadParameter(f"no staff account {email!r}", param_hint="--email")
        admin = None
        if admin_email:
            admin = db.session.execute(
                select(Staff).where(Staff.email == admin_email.strip().lower(), Staff.role == "admin")
            ).scalar_one_or_none()
            if admin is None:
                raise click.BadParameter(f"no admin account {admin_email!r}", param_hint="--by")
        was_enrolled = totp.is_enrolled(staff)
        totp.reset(staff)
        ended = end_all_sessions(staff)
        record(
            "second_factor_reset",
            "staff",
            staff.id,
            staff=admin,
            detail=f"CLI reset of {staff.email} (was enrolled: {'yes' if was_enrolled else 'no'})",
        )
    click.echo(
        f"Second factor of {staff.email} reset; {ended} session(s) ended. They enrol again at their next sign-in."
    )
