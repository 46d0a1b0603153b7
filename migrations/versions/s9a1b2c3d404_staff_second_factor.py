"""Staff TOTP, password change and reset (issue 9, item 4)

A staff member's TOTP secret (encrypted like the NIK), when it was confirmed and the last
accepted time-step (a code is accepted once); ten one-time recovery codes per staff member,
stored hashed; one-time password-reset links for citizens and staff, stored hashed.

Existing staff have no second factor: with ``SUITE_STAFF_TOTP=all`` (the default) each is taken
to enrolment right after their password at the next sign-in.

Revision ID: s9a1b2c3d404
Revises: s9a1b2c3d403
"""
from alembic import op
import sqlalchemy as sa

import suite.database

revision = 's9a1b2c3d404'
down_revision = 's9a1b2c3d403'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff') as batch:
        batch.add_column(sa.Column('totp_secret_encrypted', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('totp_confirmed_at', suite.database.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
    op.create_table(
        'staff_recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('salt', sa.String(length=32), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('used_at', suite.database.UTCDateTime(), nullable=True),
        sa.Column('created_at', suite.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_staff_recovery_codes_staff_id_staff',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_staff_recovery_codes'),
    )
    with op.batch_alter_table('staff_recovery_codes') as batch:
        batch.create_index('ix_staff_recovery_codes_staff_id', ['staff_id'], unique=False)
    op.create_table(
        'password_reset_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=True),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('created_at', suite.database.UTCDateTime(), nullable=False),
        sa.Column('expires_at', suite.database.UTCDateTime(), nullable=False),
        sa.Column('used_at', suite.database.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'],
                                name='fk_password_reset_tokens_citizen_id_citizens', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_password_reset_tokens_staff_id_staff',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_password_reset_tokens'),
        sa.UniqueConstraint('token_hash', name='uq_password_reset_tokens_token_hash'),
    )


def downgrade():
    op.drop_table('password_reset_tokens')
    with op.batch_alter_table('staff_recovery_codes') as batch:
        batch.drop_index('ix_staff_recovery_codes_staff_id')
    op.drop_table('staff_recovery_codes')
    with op.batch_alter_table('staff') as batch:
        batch.drop_column('totp_last_step')
        batch.drop_column('totp_confirmed_at')
        batch.drop_column('totp_secret_encrypted')
