"""Agencies get an e-mail address; staff are invited by a one-time link (issue 12, item 3)

Revision ID: i12ppl01
Revises: i12mod01
"""
from alembic import op
import sqlalchemy as sa

from suite.database import UTCDateTime

revision = 'i12ppl01'
down_revision = "i12mod01"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agencies') as batch:
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
    op.create_table(
        'staff_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('full_name', sa.String(length=120), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column('module_codes', sa.JSON(), nullable=True),
        sa.Column('call_centre', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('invited_by_staff_id', sa.Integer(), nullable=True),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.Column('used_at', UTCDateTime(), nullable=True),
        sa.Column('revoked_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name='fk_staff_invitations_agency_id_agencies'),
        sa.ForeignKeyConstraint(
            ['invited_by_staff_id'], ['staff.id'], name='fk_staff_invitations_invited_by_staff_id_staff', ondelete='SET NULL'
        ),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_staff_invitations_staff_id_staff', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_staff_invitations'),
        sa.UniqueConstraint('token_hash', name='uq_staff_invitations_token_hash'),
    )
    op.create_index('ix_staff_invitations_email', 'staff_invitations', ['email'])


def downgrade():
    op.drop_index('ix_staff_invitations_email', table_name='staff_invitations')
    op.drop_table('staff_invitations')
    with op.batch_alter_table('agencies') as batch:
        batch.drop_column('email')
