"""Indexes for the staff queue's keyset pagination and for per-sender mail limits

Revision ID: 7a1c0d2e4f60
Revises: 26d5dff1afd6
Create Date: 2026-11-25 01:25:00

"""
from alembic import op
import sqlalchemy as sa

import suite.database


# revision identifiers, used by Alembic.
revision = '7a1c0d2e4f60'
down_revision = '26d5dff1afd6'
branch_labels = None
depends_on = None

EFFECTIVE_DUE_SQL = ("(CASE WHEN (first_response_at IS NULL) THEN first_response_due_at "
                     "ELSE resolution_due_at END)")


def upgrade():
    op.create_index('ix_tickets_agency_id_id', 'tickets', ['agency_id', 'id'], unique=False)
    op.create_index('ix_tickets_agency_due', 'tickets', ['agency_id', sa.text(EFFECTIVE_DUE_SQL), 'id'], unique=False)
    op.create_index('ix_inbound_messages_sender', 'inbound_messages', ['sender'], unique=False)


def downgrade():
    op.drop_index('ix_inbound_messages_sender', table_name='inbound_messages')
    op.drop_index('ix_tickets_agency_due', table_name='tickets')
    op.drop_index('ix_tickets_agency_id_id', table_name='tickets')
