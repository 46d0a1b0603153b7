"""Data-subject rights, retention, key rotation (issue 9, items 12, 13)

Citizens erased at their request keep an anonymised row (``erased_at``); requests and legal
holds are recorded; an e-Babhar consent can be withdrawn.

Revision ID: s9a1b2c3d408
Revises: s9a1b2c3d407
"""
from alembic import op
import sqlalchemy as sa

import suite.database

revision = 's9a1b2c3d408'
down_revision = 's9a1b2c3d407'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('citizens') as batch:
        batch.add_column(sa.Column('erased_at', suite.database.UTCDateTime(), nullable=True))
    with op.batch_alter_table('babhar_pregnancies') as batch:
        batch.add_column(sa.Column('consent_withdrawn_at', suite.database.UTCDateTime(), nullable=True))
    op.create_table(
        'privacy_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('detail', sa.String(length=300), nullable=True),
        sa.Column('created_at', suite.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name='fk_privacy_requests_citizen_id'),
        sa.PrimaryKeyConstraint('id', name='pk_privacy_requests'),
    )
    op.create_index('ix_privacy_requests_citizen', 'privacy_requests', ['citizen_id', 'created_at'])
    op.create_table(
        'legal_holds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=300), nullable=False),
        sa.Column('placed_by_staff_id', sa.Integer(), nullable=True),
        sa.Column('placed_at', suite.database.UTCDateTime(), nullable=False),
        sa.Column('released_at', suite.database.UTCDateTime(), nullable=True),
        sa.Column('released_by_staff_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name='fk_legal_holds_citizen_id'),
        sa.ForeignKeyConstraint(['placed_by_staff_id'], ['staff.id'], name='fk_legal_holds_placed_by'),
        sa.ForeignKeyConstraint(['released_by_staff_id'], ['staff.id'], name='fk_legal_holds_released_by'),
        sa.PrimaryKeyConstraint('id', name='pk_legal_holds'),
    )
    op.create_index('ix_legal_holds_citizen_id', 'legal_holds', ['citizen_id'])


def downgrade():
    op.drop_index('ix_legal_holds_citizen_id', table_name='legal_holds')
    op.drop_table('legal_holds')
    op.drop_index('ix_privacy_requests_citizen', table_name='privacy_requests')
    op.drop_table('privacy_requests')
    with op.batch_alter_table('babhar_pregnancies') as batch:
        batch.drop_column('consent_withdrawn_at')
    with op.batch_alter_table('citizens') as batch:
        batch.drop_column('erased_at')
