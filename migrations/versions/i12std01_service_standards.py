"""Service standards as data, per module and category (issue 12, item 4)

Revision ID: i12std01
Revises: i12msg01
"""
from alembic import op
import sqlalchemy as sa

from suite.database import UTCDateTime

revision = 'i12std01'
down_revision = "i12msg01"
branch_labels = None
depends_on = None

COMPONENTS = ("requirements", "procedure", "duration", "cost", "product", "complaint_channel", "legal_basis")


def upgrade():
    op.create_table(
        'service_standards',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('module', sa.String(length=30), nullable=False),
        sa.Column('category', sa.String(length=60), server_default='', nullable=False),
        *[
            sa.Column(f'{name}_{language}', sa.Text(), server_default='', nullable=False)
            for name in COMPONENTS
            for language in ('id', 'en')
        ],
        sa.Column('updated_by_staff_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['updated_by_staff_id'], ['staff.id'], name='fk_service_standards_updated_by_staff_id_staff'),
        sa.PrimaryKeyConstraint('id', name='pk_service_standards'),
        sa.UniqueConstraint('module', 'category', name='uq_service_standards_module_category'),
    )


def downgrade():
    op.drop_table('service_standards')
