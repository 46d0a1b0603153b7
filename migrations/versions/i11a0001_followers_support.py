"""A follower may be a supporter: "Dukung laporan ini" instead of filing a duplicate (issue 11)

Revision ID: i11a0001
Revises: i11c0001
"""
from alembic import op
import sqlalchemy as sa

revision = 'i11a0001'
down_revision = 'i11c0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ticket_followers') as batch:
        batch.add_column(sa.Column('supported', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('ticket_followers') as batch:
        batch.drop_column('supported')
