"""Routing keywords an admin edits, per module category (issue 11, item 8)

A row exists only for a category an admin changed; the others follow the module's defaults.

Revision ID: i11e0001
Revises: i11g0001
"""
from alembic import op
import sqlalchemy as sa

import suite.database

revision = 'i11e0001'
down_revision = 'i11g0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('routing_keywords',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=30), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', suite.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('module', 'category', name='uq_routing_keywords_module_category')
    )


def downgrade():
    op.drop_table('routing_keywords')
