"""Command-line tasks: ``flask --app suite <command>``."""

from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade

from suite.extensions import db
from suite.identity.seeding import seed_agencies, seed_modules


def register_cli(app: Flask) -> None:
    @app.cli.command("seed")
    def seed_command():
        """Load missing reference data (agencies, working areas, targets, module data); run after every upgrade."""
        from suite.sla.seeding import seed_targets

        added = seed_agencies()
        targets = seed_targets()
        module_rows = seed_modules()
        db.session.commit()
        click.echo(
            f"{added} agencies and working areas, {targets} response-time targets and {module_rows} module "
            "reference rows added."
        )

    @app.cli.command("jobs")
    def jobs_command():
        """Run the modules' scheduled jobs (e.g. e-Babhar visit reminders); run it hourly."""
        from suite.database import begin_write, utcnow
        from suite.registry import enabled_modules

        for module in enabled_modules().values():
            for job in module.scheduled_jobs():
                begin_write()
                outcome = job(utcnow())
                db.session.commit()
                click.echo(f"{module.code}: {outcome}")

    @app.cli.command("seed-demo")
    @click.option("--tickets", default=300, show_default=True, help="How many demo tickets to create.")
    def seed_demo_command(tickets: int):
        """Upgrade the database, then add demo staff, citizens and tickets (once)."""
        from suite.demo import seed_demo

        upgrade()
        summary = seed_demo(tickets)
        db.session.commit()
        click.echo(summary)

    @app.cli.command("create-staff")
    @click.option("--email", required=True)
    @click.option("--name", "full_name", required=True)
    @click.option("--role", type=click.Choice(["officer", "supervisor", "admin"]), default="officer")
    @click.option("--agency", "agency_code", default=None, help="Agency code; empty for regency-wide.")
    @click.option("--phone", default=None, help="Mobile number for urgent alerts (SMS), e.g. 081234567890.")
    @click.option("--call-centre", is_flag=True, help="May find citizens by NIK or phone and file for callers.")
    @click.password_option()
    def create_staff_command(email, full_name, role, agency_code, phone, password, call_centre=False):
        """Create a staff account."""
        from suite.identity.seeding import agency_by_code
        from suite.identity.services import create_staff

        agency = agency_by_code(agency_code) if agency_code else None
        if agency_code and agency is None:
            raise click.BadParameter(f"no agency with code {agency_code!r}", param_hint="--agency")
        from suite.identity.password_policy import PasswordPolicyError
        from suite.identity.phones import PhoneError

        try:
            staff = create_staff(email, full_name, password, role=role, agency=agency, phone=phone)
            staff.call_centre = call_centre
        except PhoneError as error:
            raise click.BadParameter(str(error), param_hint="--phone") from None
        except PasswordPolicyError as error:  # issue 9, item 4
            raise click.BadParameter(str(error.message), param_hint="--password") from None
        db.session.commit()
        click.echo(f"Staff account {email} created.")

    @app.cli.group("api-key")
    def api_key_group():
        """Manage partner API keys."""

    @api_key_group.command("create")
    @click.option("--name", required=True, help="Who the key is for, e.g. the partner system's name.")
    def api_key_create(name: str):
        """Create a key and print it once; only its hash is stored."""
        from suite.channels.credentials import create_api_key

        key, plain = create_api_key(name)
        db.session.commit()
        click.echo(f"API key #{key.id} for {key.name}: {plain}")
        click.echo("Store it now: it cannot be shown again.")

    @api_key_group.command("revoke")
    @click.argument("key_id", type=int)
    def api_key_revoke(key_id: int):
        """Revoke a key by its number."""
        from suite.channels.credentials import revoke_api_key

        key = revoke_api_key(key_id)
        if key is None:
            raise click.BadParameter(f"no API key #{key_id}")
        db.session.commit()
        click.echo(f"API key #{key_id} ({key.name}) revoked.")

    @api_key_group.command("list")
    def api_key_list():
        """List keys (never the keys themselves)."""
        from sqlalchemy import select

        from suite.channels.models import ApiKey

        for key in db.session.execute(select(ApiKey).order_by(ApiKey.id)).scalars():
            state = "revoked" if key.revoked_at else "active"
            click.echo(f"#{key.id}\t{key.prefix}…\t{state}\t{key.name}")

    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
    def worker_command(once: bool):
        """Deliver the outbox (email, SMS, WhatsApp) with retries; safe with several workers."""
        from suite.notify.worker import run_forever, run_once

        if once:
            result = run_once()
            click.echo(f"{result.sent} sent, {result.retried} to retry, {result.failed} failed")
        else:
            run_forever()

    @app.cli.command("sla-sweep")
    def sla_sweep_command():
        """Flag tickets about to breach or past their targets and notify staff (run every minute)."""
        from suite.database import begin_write
        from suite.sla.sweep import sweep

        begin_write()
        result = sweep()
        db.session.commit()
        click.echo(str(result))

    from suite.identity.keys import register_cli as register_keys_cli

    register_keys_cli(app)  # noqa: E702
    from suite.privacy.retention import register_cli as register_purge_cli

    register_purge_cli(app)  # noqa: E702
    from suite.privacy.cli import register_cli as register_hold_cli

    register_hold_cli(app)  # noqa: E702
    from suite.audit.cli import register as register_audit_cli

    register_audit_cli(app)  # noqa: E702
    from suite.identity.second_factor_cli import register as register_totp_cli

    register_totp_cli(app)  # noqa: E702
    from suite.identity.sessions_cli import register as register_sessions_cli

    register_sessions_cli(app)  # noqa: E702
