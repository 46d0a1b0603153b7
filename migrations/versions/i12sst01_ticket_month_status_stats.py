"""Monthly ticket statistics by status, priority and overdue, for staff statistics filtered by them (issue 12, item 11)

Revision ID: i12sst01
Revises: i12cmd01
"""
from alembic import op
import sqlalchemy as sa

revision = 'i12sst01'
down_revision = 'i12cmd01'
branch_labels = None
depends_on = None

COUNTS = (
    'received', 'answered', 'answered_in_target', 'response_le_10m', 'response_le_1h', 'response_le_1d',
    'response_le_2d', 'response_le_7d', 'resolved', 'open_now', 'awaiting_budget', 'closed_unanswered',
)


def upgrade():
    op.create_table(
        'ticket_month_status_stats',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('module', sa.String(30), nullable=False),
        sa.Column('category', sa.String(60), nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('kecamatan_code', sa.String(20), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('disclosed', sa.Boolean(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS],
        sa.Column('response_minutes_sum', sa.Float(), nullable=False),
        sa.Column('resolution_minutes_sum', sa.Float(), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('priority', sa.String(10), nullable=False),
        sa.Column('overdue', sa.Boolean(), nullable=False),
    )
    op.create_index('ix_sla_escalations_created_at', 'sla_escalations', ['created_at'])
    op.create_index('ix_ticket_month_status_stats_month_status', 'ticket_month_status_stats', ['month', 'status'])
    op.create_index('ix_ticket_month_status_stats_month_agency', 'ticket_month_status_stats', ['month', 'agency_id'])
    # "My tickets" in the queue and in staff statistics.
    op.create_index('ix_tickets_assignee_created', 'tickets', ['assignee_id', 'created_at'])
    # Filled by the next refresh: rebuild every month once.
    op.execute("DELETE FROM ticket_stats_state")


def downgrade():
    op.drop_index('ix_tickets_assignee_created', table_name='tickets')
    op.drop_index('ix_sla_escalations_created_at', table_name='sla_escalations')
    op.drop_index('ix_ticket_month_status_stats_month_agency', table_name='ticket_month_status_stats')
    op.drop_index('ix_ticket_month_status_stats_month_status', table_name='ticket_month_status_stats')
    op.drop_table('ticket_month_status_stats')
