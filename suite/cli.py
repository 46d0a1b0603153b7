"""Command-line tasks: ``flask --app suite <command>``.

Each command is a module-level function; ``register_cli`` only lists them, so the command map reads
in one place (the same flat shape as a blueprint's URL map).
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from suite.database import write_transaction
from suite.extensions import db
from suite.identity.seeding import missing_agencies, seed_agencies, seed_modules


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load missing reference data (agencies, working areas, targets, module data); run after every upgrade."""
    from suite.sla.seeding import seed_targets
    from suite.standards.seeding import seed_standards  # issue 12, item 4
    from suite.ticketing.categories import seed_categories  # issue 12, item 2

    with write_transaction():
        added = seed_agencies()
        targets = seed_targets()
        module_rows = seed_modules()
        categories = seed_categories()
        standards = seed_standards()
    click.echo(
        f"{added} agencies and working areas, {targets} response-time targets, {categories} service categories "
        f"and {module_rows} module reference rows added; {standards} service standards added."
    )
    for line in missing_agencies():  # issue 12, item 6: a regency pack without an agency a module needs
        click.echo(f"warning: no agency for {line}")


@click.command("jobs")
@with_appcontext
def jobs_command() -> None:
    """Run the modules' scheduled jobs (e.g. e-Babhar visit reminders); run it hourly."""
    from suite.operations.jobs import run_jobs  # issue 13, item 7: retried through outages, with a heartbeat

    run_jobs()


@click.command("seed-demo")
@click.option("--tickets", default=300, show_default=True, help="How many demo tickets to create.")
@with_appcontext
def seed_demo_command(tickets: int) -> None:
    """Upgrade the database, then add demo staff, citizens and tickets (once)."""
    from suite.demo import seed_demo

    upgrade()
    with write_transaction():
        summary = seed_demo(tickets)
    # The dashboards read the monthly summary, which the minute's sla-sweep keeps: fill it now, so the
    # demo's /statistik shows its tickets before any sweep has run.
    from suite.sla.stats_refresh import refresh

    with write_transaction():
        refresh()
    click.echo(summary)


@click.command("create-staff")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--role", type=click.Choice(["officer", "supervisor", "admin"]), default="officer")
@click.option("--agency", "agency_code", default=None, help="Agency code; empty for regency-wide.")
@click.option("--phone", default=None, help="Mobile number for urgent alerts (SMS), e.g. 081234567890.")
@click.option("--call-centre", is_flag=True, help="May find citizens by NIK or phone and file for callers.")
@click.password_option()
@with_appcontext
def create_staff_command(
    email: str,
    full_name: str,
    role: str,
    agency_code: str | None,
    phone: str | None,
    password: str,
    call_centre: bool = False,
) -> None:
    """Create a staff account."""
    from suite.identity.password_policy import PasswordPolicyError
    from suite.identity.phones import PhoneError
    from suite.identity.seeding import agency_by_code
    from suite.identity.services import create_staff

    with write_transaction():
        agency = agency_by_code(agency_code) if agency_code else None
        if agency_code and agency is None:
            raise click.BadParameter(f"no agency with code {agency_code!r}", param_hint="--agency")
        try:
            staff = create_staff(email, full_name, password, role=role, agency=agency, phone=phone)
            staff.call_centre = call_centre
        except PhoneError as error:
            raise click.BadParameter(str(error), param_hint="--phone") from None
        except PasswordPolicyError as error:  # issue 9, item 4
            raise click.BadParameter(str(error.message), param_hint="--password") from None
    click.echo(f"Staff account {email} created.")


@click.group("api-key", cls=AppGroup)
def api_key_group() -> None:
    """Manage partner API keys."""


@api_key_group.command("create")
@click.option("--name", required=True, help="Who the key is for, e.g. the partner system's name.")
def api_key_create(name: str) -> None:
    """Create a key and print it once; only its hash is stored."""
    from suite.channels.credentials import create_api_key

    with write_transaction():
        key, plain = create_api_key(name)
    click.echo(f"API key #{key.id} for {key.name}: {plain}")
    click.echo("Store it now: it cannot be shown again.")


@api_key_group.command("revoke")
@click.argument("key_id", type=int)
def api_key_revoke(key_id: int) -> None:
    """Revoke a key by its number."""
    from suite.channels.credentials import revoke_api_key

    with write_transaction():
        key = revoke_api_key(key_id)
        if key is None:
            raise click.BadParameter(f"no API key #{key_id}")
    click.echo(f"API key #{key_id} ({key.name}) revoked.")


@api_key_group.command("list")
def api_key_list() -> None:
    """List keys (never the keys themselves)."""
    from sqlalchemy import select

    from suite.channels.models import ApiKey

    for key in db.session.execute(select(ApiKey).order_by(ApiKey.id)).scalars():
        state = "revoked" if key.revoked_at else "active"
        click.echo(f"#{key.id}\t{key.prefix}…\t{state}\t{key.name}")


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Deliver the outbox (email, SMS, WhatsApp) with retries; safe with several workers."""
    from suite.notify.worker import run_forever, run_once

    if once:
        result = run_once()
        click.echo(f"{result.sent} sent, {result.retried} to retry, {result.failed} failed")
    else:
        run_forever()


@click.command("sla-sweep")
@with_appcontext
def sla_sweep_command() -> None:
    """Flag tickets about to breach or past their targets and notify staff (run every minute)."""
    from suite.sla.sweep_cli import run_sweep

    run_sweep()


@click.command("stats-refresh")
@click.option("--full", is_flag=True, help="Recompute every month, not only those whose tickets changed.")
@with_appcontext
def stats_refresh_command(full: bool) -> None:
    """Bring the dashboards' monthly summary up to date (sla-sweep also does, every minute)."""
    from suite.sla.stats_refresh import refresh

    with write_transaction():
        months = refresh(full=full)
    click.echo(f"statistics: {months} month(s) recomputed")


def register_cli(app: Flask) -> None:
    from suite.admin.module_cli import modules_group  # issue 12, item 1
    from suite.audit.cli import audit_group
    from suite.identity.keys import rotate_nik_key_command
    from suite.identity.second_factor_cli import reset_second_factor_command
    from suite.identity.sessions_cli import deactivate_staff_command, end_sessions_command
    from suite.operations.backup import backup_command, restore_command  # issue 13, item 8
    from suite.operations.bench_data import bench_data_command  # issue 13, item 3
    from suite.operations.check_deploy import check_deploy_command  # issue 13, item 6
    from suite.privacy.cli import legal_hold_group
    from suite.privacy.retention import purge_command

    for command in (
        seed_command,
        jobs_command,
        seed_demo_command,
        create_staff_command,
        api_key_group,
        worker_command,
        sla_sweep_command,
        stats_refresh_command,
        rotate_nik_key_command,
        purge_command,
        legal_hold_group,
        audit_group,
        reset_second_factor_command,
        deactivate_staff_command,
        end_sessions_command,
        modules_group,
        check_deploy_command,
        backup_command,
        restore_command,
        bench_data_command,
    ):
        app.cli.add_command(command)
    # Channel commands (mail-intake) come with their channel: suite.channels.register_channels.
