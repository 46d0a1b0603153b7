"""Health data stays inside health: sensitive tickets, per-category sensitivity, audit addresses

Revision ID: h8a1b2c3d4e5
Revises: 7a1c0d2e4f60
Create Date: 2026-11-28 23:50:00

"""
from alembic import op
import sqlalchemy as sa

import suite.database


# revision identifiers, used by Alembic.
revision = 'h8a1b2c3d4e5'
down_revision = '7a1c0d2e4f60'
branch_labels = None
depends_on = None

# Modules whose tickets were health data before the flag existed: e-Babhar (always secret) and
# e-Sehat (sensitive by default in every category).
HEALTH_MODULES = ('babhar', 'sehat')


def upgrade():
    op.create_table('category_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module', sa.String(length=30), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', suite.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('module', 'category', name='uq_category_settings_module_category')
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sensitive', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip_address', sa.String(length=45), nullable=True))
    tickets = sa.table('tickets', sa.column('module', sa.String), sa.column('sensitive', sa.Boolean),
                       sa.column('visibility', sa.String))
    op.execute(tickets.update().where(tickets.c.module.in_(HEALTH_MODULES))
               .values(sensitive=True, visibility='confidential'))


def downgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('ip_address')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('sensitive')
    op.drop_table('category_settings')
