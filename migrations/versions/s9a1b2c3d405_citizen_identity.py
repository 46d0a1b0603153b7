"""Citizen phone confirmation and identity verification (issue 9, item 5)

One-time codes that prove a phone, pending claims on a NIK another account holds, and who
verified a citizen's identity in person. A NIK may now be absent: an account that loses a
disputed NIK keeps its reports but no longer holds the NIK.

Existing accounts whose phone was never confirmed stay unconfirmed: they are asked for a code
at their next sign-in, and nothing is sent to their phone until then.

Revision ID: s9a1b2c3d405
Revises: s9a1b2c3d404
"""
from alembic import op
import sqlalchemy as sa

import suite.database

revision = 's9a1b2c3d405'
down_revision = 's9a1b2c3d404'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('citizens') as batch:
        batch.add_column(sa.Column('identity_verified_at', suite.database.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('identity_verified_by_staff_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('identity_verification_method', sa.String(length=30), nullable=True))
        batch.add_column(sa.Column('nik_revoked_at', suite.database.UTCDateTime(), nullable=True))
        batch.create_foreign_key('fk_citizens_identity_verified_by_staff_id', 'staff',
                                 ['identity_verified_by_staff_id'], ['id'])
        batch.alter_column('nik_encrypted', existing_type=sa.String(length=200), nullable=True)
        batch.alter_column('nik_index', existing_type=sa.String(length=64), nullable=True)
    op.create_table(
        'identity_claims',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('nik_encrypted', sa.String(length=200), nullable=False),
        sa.Column('nik_index', sa.String(length=64), nullable=False),
        sa.Column('full_name', sa.String(length=120), nullable=False),
        sa.Column('birth_date', sa.Date(), nullable=False),
        sa.Column('sex', sa.String(length=1), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('desa_code', sa.String(length=20), nullable=False),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=20), server_default='pending_phone', nullable=False),
        sa.Column('holder_citizen_id', sa.Integer(), nullable=True),
        sa.Column('phone_confirmed_at', suite.database.UTCDateTime(), nullable=True),
        sa.Column('resolved_at', suite.database.UTCDateTime(), nullable=True),
        sa.Column('resolved_by_staff_id', sa.Integer(), nullable=True),
        sa.Column('citizen_id', sa.Integer(), nullable=True),
        sa.Column('created_at', suite.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['holder_citizen_id'], ['citizens.id'],
                                name='fk_identity_claims_holder_citizen_id', ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name='fk_identity_claims_citizen_id',
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['resolved_by_staff_id'], ['staff.id'],
                                name='fk_identity_claims_resolved_by_staff_id'),
        sa.PrimaryKeyConstraint('id', name='pk_identity_claims'),
    )
    op.create_index('ix_identity_claims_nik_index', 'identity_claims', ['nik_index'])
    op.create_table(
        'phone_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=True),
        sa.Column('claim_id', sa.Integer(), nullable=True),
        sa.Column('flow_token_hash', sa.String(length=64), nullable=True),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('sends', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', suite.database.UTCDateTime(), nullable=False),
        sa.Column('last_sent_at', suite.database.UTCDateTime(), nullable=False),
        sa.Column('expires_at', suite.database.UTCDateTime(), nullable=False),
        sa.Column('used_at', suite.database.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name='fk_phone_codes_citizen_id',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['claim_id'], ['identity_claims.id'], name='fk_phone_codes_claim_id',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_phone_codes'),
    )
    op.create_index('ix_phone_codes_phone_created', 'phone_codes', ['phone', 'created_at'])
    op.create_index('ix_phone_codes_flow_token_hash', 'phone_codes', ['flow_token_hash'])


def downgrade():
    op.drop_index('ix_phone_codes_flow_token_hash', table_name='phone_codes')
    op.drop_index('ix_phone_codes_phone_created', table_name='phone_codes')
    op.drop_table('phone_codes')
    op.drop_index('ix_identity_claims_nik_index', table_name='identity_claims')
    op.drop_table('identity_claims')
    # Accounts that lost a disputed NIK cannot go back to a NOT NULL column: they keep an
    # empty value the application treats as "no NIK".
    op.execute("UPDATE citizens SET nik_encrypted = '' WHERE nik_encrypted IS NULL")
    op.execute("UPDATE citizens SET nik_index = 'revoked-' || id WHERE nik_index IS NULL")
    with op.batch_alter_table('citizens') as batch:
        batch.drop_constraint('fk_citizens_identity_verified_by_staff_id', type_='foreignkey')
        batch.drop_column('nik_revoked_at')
        batch.drop_column('identity_verification_method')
        batch.drop_column('identity_verified_by_staff_id')
        batch.drop_column('identity_verified_at')
        batch.alter_column('nik_encrypted', existing_type=sa.String(length=200), nullable=False)
        batch.alter_column('nik_index', existing_type=sa.String(length=64), nullable=False)

