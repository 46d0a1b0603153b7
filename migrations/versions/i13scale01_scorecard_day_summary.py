"""Daily and monthly scorecard summaries, and the staff queue's keyset indexes (issue 13)

Revision ID: i13scale01
Revises: i13hb001
"""

from alembic import op
import sqlalchemy as sa

# Frozen copies of suite.ticketing.models' texts and of suite.sla.score_days.COUNTS at this revision.
EFFECTIVE_DUE_SQL = "(CASE WHEN (first_response_at IS NULL) THEN first_response_due_at ELSE resolution_due_at END)"
OPEN_SQL = "status IN ('submitted', 'verified', 'survey_scheduled', 'work_ordered', 'awaiting_budget', 'in_progress')"
EDGES = (
    1,
    2,
    3,
    5,
    7,
    10,
    15,
    20,
    30,
    45,
    60,
    90,
    120,
    180,
    240,
    360,
    480,
    720,
    960,
    1440,
    2160,
    2880,
    4320,
    5760,
    7200,
    10080,
    14400,
    20160,
    30240,
    43200,
)
COUNTS = (
    "received",
    "responded",
    "reward",
    "sanction",
    "overdue_now",
    "open_now",
    "awaiting_budget",
    "resolved",
    "resolved_ever",
    "reopened",
    "ratings",
    "rating_sum",
    *[f"response_le_{edge}" for edge in EDGES],
    *[f"resolution_le_{edge}" for edge in EDGES],
)

revision = "i13scale01"
down_revision = "i13hb001"
branch_labels = None
depends_on = None


def _score_columns():
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("response_max", sa.Float(), nullable=False),
        sa.Column("resolution_max", sa.Float(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS],
    ]


def upgrade():
    op.create_table("ticket_day_scores", *_score_columns(), sa.Column("day", sa.Date(), nullable=False))
    op.create_index("ix_ticket_day_scores_day_agency", "ticket_day_scores", ["day", "agency_id"])
    op.create_table("ticket_month_scores", *_score_columns(), sa.Column("month", sa.Date(), nullable=False))
    op.create_index("ix_ticket_month_scores_month_agency", "ticket_month_scores", ["month", "agency_id"])
    # The staff queue's default list: open tickets of an agency by due time (keyset on both).
    where = {"postgresql_where": sa.text(OPEN_SQL), "sqlite_where": sa.text(OPEN_SQL)}
    op.create_index(
        "ix_tickets_open_agency_due", "tickets", ["agency_id", sa.text(EFFECTIVE_DUE_SQL), "id"], unique=False, **where
    )
    # The queue in every status by due time, for a subtree of agencies.
    op.create_index("ix_tickets_due", "tickets", [sa.text(EFFECTIVE_DUE_SQL), "id"], unique=False)
    # Filled by the next refresh: rebuild every month once.
    op.execute("DELETE FROM ticket_stats_state")


def downgrade():
    op.drop_index("ix_tickets_due", table_name="tickets")
    op.drop_index("ix_tickets_open_agency_due", table_name="tickets")
    op.drop_index("ix_ticket_month_scores_month_agency", table_name="ticket_month_scores")
    op.drop_table("ticket_month_scores")
    op.drop_index("ix_ticket_day_scores_day_agency", table_name="ticket_day_scores")
    op.drop_table("ticket_day_scores")
