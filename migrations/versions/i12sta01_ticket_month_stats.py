"""Monthly ticket statistics for dashboards and reports (issue 12, item 11)

Revision ID: i12sta01
Revises: i11a0001
"""
from alembic import op
import sqlalchemy as sa

revision = 'i12sta01'
down_revision = 'i11a0001'
branch_labels = None
depends_on = None

COUNTS = (
    'received', 'answered', 'answered_in_target', 'response_le_10m', 'response_le_1h', 'response_le_1d',
    'response_le_2d', 'response_le_7d', 'resolved', 'open_now', 'awaiting_budget', 'closed_unanswered',
)


def upgrade():
    op.create_table(
        'ticket_month_stats',
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
    )
    op.create_index('ix_ticket_month_stats_month_module', 'ticket_month_stats', ['month', 'module'])
    op.create_index('ix_ticket_month_stats_month_agency', 'ticket_month_stats', ['month', 'agency_id'])
    op.create_table(
        'ticket_stats_state',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('changed_since', sa.DateTime(), nullable=True),
        sa.Column('refreshed_at', sa.DateTime(), nullable=True),
    )
    # The refresh finds the tickets changed since its last run.
    op.create_index('ix_tickets_updated_at', 'tickets', ['updated_at'])


def downgrade():
    op.drop_index('ix_tickets_updated_at', table_name='tickets')
    op.drop_table('ticket_stats_state')
    op.drop_index('ix_ticket_month_stats_month_agency', table_name='ticket_month_stats')
    op.drop_index('ix_ticket_month_stats_month_module', table_name='ticket_month_stats')
    op.drop_table('ticket_month_stats')
