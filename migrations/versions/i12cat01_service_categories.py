"""Categories per module as data admins edit (issue 12, item 2); seeded by ``flask --app suite seed``

Revision ID: i12cat01
Revises: i12std01
"""
from alembic import op
import sqlalchemy as sa

from suite.database import UTCDateTime

revision = 'i12cat01'
down_revision = "i12std01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'service_categories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('module', sa.String(length=30), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name_id', sa.String(length=100), nullable=False),
        sa.Column('name_en', sa.String(length=100), nullable=False),
        sa.Column('agency_code', sa.String(length=40), nullable=True),
        sa.Column('urgent', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('position', sa.Integer(), server_default='0', nullable=False),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['updated_by'], ['staff.id'], name=op.f('fk_service_categories_updated_by_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_categories')),
        sa.UniqueConstraint('module', 'code', name='uq_service_categories_module_code'),
    )


def downgrade():
    op.drop_table('service_categories')
