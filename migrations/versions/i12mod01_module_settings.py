"""Modules opened and closed by admins at runtime (issue 12, item 1)

Revision ID: i12mod01
Revises: i12cat01
"""
from alembic import op
import sqlalchemy as sa

import suite.database

revision = 'i12mod01'
down_revision = "i12cat01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'module_settings',
        sa.Column('module', sa.String(length=30), nullable=False),
        sa.Column('open', sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column('notice', sa.String(length=300), nullable=True),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.Column('updated_at', suite.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['updated_by'], ['staff.id']),
        sa.PrimaryKeyConstraint('module'),
    )


def downgrade():
    op.drop_table('module_settings')
