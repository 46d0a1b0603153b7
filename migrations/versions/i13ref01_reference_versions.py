"""The reference version: one row that triggers on module_settings, service_categories and sla_targets change,
so each process keeps that data between requests and checks one value per request (issue 13)

Revision ID: i13ref01
Revises: i13scale01
"""

from alembic import op
import sqlalchemy as sa

from suite.ticketing.reference_version import BUMP_FUNCTION, postgresql_triggers, sqlite_triggers

revision = "i13ref01"
down_revision = 'i13scale01'
branch_labels = None
depends_on = None

WATCHED = ("module_settings", "service_categories", "sla_targets")


def upgrade():
    op.create_table(
        "reference_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_versions")),
    )
    op.execute("INSERT INTO reference_versions (id, version) VALUES (1, 0)")
    make = postgresql_triggers if op.get_bind().dialect.name == "postgresql" else sqlite_triggers
    for table in WATCHED:
        for statement in make(table):
            op.execute(statement)


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_reference ON {table}")
        else:
            for kind in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_reference_{kind}")
    if postgresql:
        op.execute(f"DROP FUNCTION IF EXISTS {BUMP_FUNCTION}()")
    op.drop_table("reference_versions")
