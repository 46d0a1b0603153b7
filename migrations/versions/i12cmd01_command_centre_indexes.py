"""The command centre's indexes (issue 12, item 8): open tickets by due time, urgent open tickets by
due time, open tickets per module and status, sensitive and confidential tickets by status
(partial indexes), and tickets by creation time (the last hour's list)

Revision ID: i12cmd01
Revises: i12bud01
"""
from alembic import op
import sqlalchemy as sa

revision = 'i12cmd01'
down_revision = "i12bud01"
branch_labels = None
depends_on = None

# As suite.ticketing.models: the same text in SQLite and PostgreSQL.
EFFECTIVE_DUE_SQL = "(CASE WHEN (first_response_at IS NULL) THEN first_response_due_at ELSE resolution_due_at END)"
OPEN_SQL = (
    "status IN ('submitted', 'verified', 'survey_scheduled', 'work_ordered', 'awaiting_budget', 'in_progress')"
)

SENSITIVE_SQL = "sensitive = true"
CONFIDENTIAL_SQL = "visibility = 'confidential'"


def upgrade():
    where = {'postgresql_where': sa.text(OPEN_SQL), 'sqlite_where': sa.text(OPEN_SQL)}
    op.create_index('ix_tickets_open_due', 'tickets', [sa.text(EFFECTIVE_DUE_SQL), 'id'], unique=False, **where)
    op.create_index(
        'ix_tickets_open_priority_due', 'tickets', ['priority', sa.text(EFFECTIVE_DUE_SQL), 'id'], unique=False, **where
    )
    op.create_index('ix_tickets_open_module_status', 'tickets', ['module', 'status'], unique=False, **where)
    op.create_index(
        'ix_tickets_sensitive_status',
        'tickets',
        ['status'],
        unique=False,
        postgresql_where=sa.text(SENSITIVE_SQL),
        sqlite_where=sa.text(SENSITIVE_SQL),
    )
    op.create_index(
        'ix_tickets_confidential_status',
        'tickets',
        ['status'],
        unique=False,
        postgresql_where=sa.text(CONFIDENTIAL_SQL),
        sqlite_where=sa.text(CONFIDENTIAL_SQL),
    )
    op.create_index('ix_tickets_created_at', 'tickets', ['created_at'], unique=False)


def downgrade():
    op.drop_index('ix_tickets_created_at', table_name='tickets')
    op.drop_index('ix_tickets_confidential_status', table_name='tickets')
    op.drop_index('ix_tickets_sensitive_status', table_name='tickets')
    op.drop_index('ix_tickets_open_module_status', table_name='tickets')
    op.drop_index('ix_tickets_open_priority_due', table_name='tickets')
    op.drop_index('ix_tickets_open_due', table_name='tickets')
