"""Command-line tasks: ``flask --app suite <command>``."""

from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade

from suite.extensions import db
from suite.identity.seeding import seed_agencies


def register_cli(app: Flask) -> None:
    @app.cli.command("seed")
    def seed_command():
        """Load reference data (agencies) into an upgraded database."""
        from suite.sla.seeding import seed_targets

        added = seed_agencies()
        targets = seed_targets()
        db.session.commit()
        click.echo(f"{added} agencies and {targets} response-time targets added.")

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
    @click.password_option()
    def create_staff_command(email, full_name, role, agency_code, password):
        """Create a staff account."""
        from suite.identity.seeding import agency_by_code
        from suite.identity.services import create_staff

        agency = agency_by_code(agency_code) if agency_code else None
        if agency_code and agency is None:
            raise click.BadParameter(f"no agency with code {agency_code!r}", param_hint="--agency")
        create_staff(email, full_name, password, role=role, agency=agency)
        db.session.commit()
        click.echo(f"Staff account {email} created.")

    @app.cli.command("sla-sweep")
    def sla_sweep_command():
        """Flag tickets about to breach or past their targets and notify staff (run every minute)."""
        from suite.database import begin_write
        from suite.sla.sweep import sweep

        begin_write()
        result = sweep()
        db.session.commit()
        click.echo(str(result))
