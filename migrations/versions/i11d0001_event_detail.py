"""Re-classification and the forwarding agency's read-only access (issue 11, items 6 and 7)

A timeline event keeps a re-classification's old and new module and category (``detail``), and an
index finds the tickets an agency forwarded away.

Revision ID: i11d0001
Revises: s9a1b2c3d409
"""
from alembic import op
import sqlalchemy as sa

revision = 'i11d0001'
down_revision = 's9a1b2c3d409'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ticket_events') as batch:
        batch.add_column(sa.Column('detail', sa.JSON(), nullable=True))
        batch.create_index('ix_ticket_events_previous_agency_kind', ['previous_agency_id', 'kind'])


def downgrade():
    with op.batch_alter_table('ticket_events') as batch:
        batch.drop_index('ix_ticket_events_previous_agency_kind')
        batch.drop_column('detail')
