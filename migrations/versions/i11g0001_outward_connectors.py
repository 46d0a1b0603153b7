"""Outward connectors: endpoints an admin configures and the references of forwarded tickets (issue 11, item 10)

Revision ID: i11g0001
Revises: i11b0001
"""
from alembic import op
import sqlalchemy as sa

from suite.database import UTCDateTime

revision = 'i11g0001'
down_revision = 'i11b0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'connector_endpoints',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('base_url', sa.String(length=300), nullable=False),
        sa.Column('token_encrypted', sa.String(length=700), nullable=True),
        sa.Column('token_hint', sa.String(length=8), nullable=True),
        sa.Column('webhook_token_hash', sa.String(length=64), nullable=True),
        sa.Column('field_mapping', sa.JSON(), nullable=False),
        sa.Column('status_mapping', sa.JSON(), nullable=False),
        sa.Column('final_statuses', sa.JSON(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_connector_endpoints')),
        sa.UniqueConstraint('name', name=op.f('uq_connector_endpoints_name')),
    )
    op.create_table(
        'external_references',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('endpoint_id', sa.Integer(), nullable=False),
        sa.Column('outbox_message_id', sa.Integer(), nullable=True),
        sa.Column('idempotency_key', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('external_id', sa.String(length=200), nullable=True),
        sa.Column('remote_status', sa.String(length=80), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('requested_by_staff_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('sent_at', UTCDateTime(), nullable=True),
        sa.Column('last_pulled_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['endpoint_id'], ['connector_endpoints.id'],
                                name=op.f('fk_external_references_endpoint_id_connector_endpoints')),
        sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'],
                                name=op.f('fk_external_references_outbox_message_id_outbox_messages')),
        sa.ForeignKeyConstraint(['requested_by_staff_id'], ['staff.id'],
                                name=op.f('fk_external_references_requested_by_staff_id_staff')),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_external_references_ticket_id_tickets')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_external_references')),
        sa.UniqueConstraint('idempotency_key', name=op.f('uq_external_references_idempotency_key')),
        sa.UniqueConstraint('outbox_message_id', name=op.f('uq_external_references_outbox_message_id')),
        sa.UniqueConstraint('ticket_id', 'endpoint_id', name='uq_external_references_ticket_endpoint'),
    )
    op.create_index('ix_external_references_ticket_id', 'external_references', ['ticket_id'])
    op.create_index('ix_external_references_endpoint_id', 'external_references', ['endpoint_id'])


def downgrade():
    op.drop_index('ix_external_references_endpoint_id', table_name='external_references')
    op.drop_index('ix_external_references_ticket_id', table_name='external_references')
    op.drop_table('external_references')
    op.drop_table('connector_endpoints')
