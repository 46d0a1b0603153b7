"""Repair workflow (issue 11, item 5): the plan on the ticket and the purpose of each photo

Tickets keep the survey date, the work-order number, the planned budget year and the outside
body a report was referred to; attachments say whether they are the citizen's report or a staff
photo of the survey, before or after the repair (existing files were all the citizen's).

Revision ID: i11c0001
Revises: i11f0001
"""
from alembic import op
import sqlalchemy as sa

revision = 'i11c0001'
down_revision = 'i11f0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tickets') as batch:
        batch.add_column(sa.Column('survey_date', sa.Date(), nullable=True))
        batch.add_column(sa.Column('work_order_number', sa.String(length=60), nullable=True))
        batch.add_column(sa.Column('budget_year', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('referred_to', sa.String(length=40), nullable=True))
    with op.batch_alter_table('attachments') as batch:
        batch.add_column(sa.Column('purpose', sa.String(length=10), server_default='report', nullable=False))


def downgrade():
    with op.batch_alter_table('attachments') as batch:
        batch.drop_column('purpose')
    with op.batch_alter_table('tickets') as batch:
        batch.drop_column('referred_to')
        batch.drop_column('budget_year')
        batch.drop_column('work_order_number')
        batch.drop_column('survey_date')
