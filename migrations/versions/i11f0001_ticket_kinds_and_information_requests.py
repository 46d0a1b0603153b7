"""Ticket kinds and information requests (issue 11, item 9)

Every ticket gets a kind (complaint, aspiration, information), existing rows being complaints; a
response-time target may apply to one kind only (an information request's 10 working days, UU
14/2008), so the target's unique key grows the kind; the PPID's decisions get their table.
``flask --app suite seed`` then adds the information-request target (it never overwrites a row).

Revision ID: i11f0001
Revises: i11e0001
"""
import sqlalchemy as sa
from alembic import op

from suite.database import UTCDateTime

revision = 'i11f0001'
down_revision = 'i11e0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=20), server_default='complaint', nullable=False))
    with op.batch_alter_table('sla_targets') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=20), nullable=True))
        batch.drop_constraint('uq_sla_targets_module_category', type_='unique')
        batch.create_unique_constraint('uq_sla_targets_kind_module_category', ['kind', 'module', 'category'])
    op.create_table(
        'information_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('ground', sa.String(length=20), nullable=True),
        sa.Column('answer', sa.Text(), nullable=True),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name='fk_information_decisions_agency_id_agencies'),
        sa.ForeignKeyConstraint(
            ['event_id'], ['ticket_events.id'], name='fk_information_decisions_event_id_ticket_events'
        ),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_information_decisions_staff_id_staff'),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name='fk_information_decisions_ticket_id_tickets'),
        sa.PrimaryKeyConstraint('id', name='pk_information_decisions'),
    )
    op.create_index('ix_information_decisions_ticket_id', 'information_decisions', ['ticket_id'])


def downgrade():
    op.drop_index('ix_information_decisions_ticket_id', table_name='information_decisions')
    op.drop_table('information_decisions')
    # Rows for one kind only cannot survive the old key: they go, the regency-wide rows apply again.
    op.execute("DELETE FROM sla_targets WHERE kind IS NOT NULL")
    with op.batch_alter_table('sla_targets') as batch:
        batch.drop_constraint('uq_sla_targets_kind_module_category', type_='unique')
        batch.create_unique_constraint('uq_sla_targets_module_category', ['module', 'category'])
        batch.drop_column('kind')
    with op.batch_alter_table('tickets') as batch:
        batch.drop_column('kind')
