"""Heartbeats of the background processes, read by check-deploy (issue 13, item 6)

Revision ID: i13hb001
Revises: i12sst01
"""

from alembic import op
import sqlalchemy as sa

from suite.database import UTCDateTime

revision = "i13hb001"
down_revision = "i12sst01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "process_heartbeats",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("host", sa.String(120), nullable=False),
        sa.Column("beat_at", UTCDateTime(), nullable=False),
        sa.Column("ok_at", UTCDateTime(), nullable=True),
        sa.Column("error", sa.String(300), nullable=True),
        sa.PrimaryKeyConstraint("name", "host", name=op.f("pk_process_heartbeats")),
    )


def downgrade():
    op.drop_table("process_heartbeats")
