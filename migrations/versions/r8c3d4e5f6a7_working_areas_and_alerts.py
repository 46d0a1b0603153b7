"""Puskesmas working areas by desa, staff alert contacts, alert rows in the outbox, English advice of the
risk bands

Revision ID: r8c3d4e5f6a7
Revises: 7a1c0d2e4f60
Create Date: 2026-11-29 00:40:00

"""
from alembic import op
import sqlalchemy as sa

import suite.database


# revision identifiers, used by Alembic.
revision = 'r8c3d4e5f6a7'
down_revision = '7a1c0d2e4f60'
branch_labels = None
depends_on = None

ADVICE_EN = {
    'KRR': 'Delivery can be attended by a midwife in a health facility',
    'KRT': 'Delivery by a midwife or doctor at a PONED puskesmas or a hospital',
    'KRST': 'Delivery in a hospital by a specialist doctor',
}


def upgrade():
    op.create_table(
        'working_areas',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('network', sa.String(length=30), nullable=False),
        sa.Column('desa_code', sa.String(length=20), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('field_staff_id', sa.Integer(), nullable=True),
        sa.Column('confirmed', sa.Boolean(), nullable=False),
        sa.Column('basis', sa.String(length=200), nullable=True),
        sa.Column('updated_by_staff_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', suite.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], ),
        sa.ForeignKeyConstraint(['field_staff_id'], ['staff.id'], ),
        sa.ForeignKeyConstraint(['updated_by_staff_id'], ['staff.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('network', 'desa_code', name='uq_working_areas_network_desa'),
    )
    with op.batch_alter_table('staff') as batch:
        batch.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('alert_channel', sa.String(length=10), server_default='sms', nullable=False))
        batch.add_column(sa.Column('on_duty', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('outbox_messages') as batch:
        batch.add_column(sa.Column('purpose', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('recipient_label', sa.String(length=160), nullable=True))
        batch.add_column(sa.Column('staff_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_outbox_messages_staff_id', 'staff', ['staff_id'], ['id'])
    with op.batch_alter_table('babhar_kspr_categories') as batch:
        batch.add_column(sa.Column('advice_en', sa.String(length=200), nullable=True))
    bands = sa.table('babhar_kspr_categories', sa.column('code', sa.String), sa.column('advice_en', sa.String))
    for code, advice in ADVICE_EN.items():  # the shipped bands; an admin's own bands stay as they are
        op.execute(bands.update().where(bands.c.code == code).values(advice_en=advice))


def downgrade():
    with op.batch_alter_table('babhar_kspr_categories') as batch:
        batch.drop_column('advice_en')
    with op.batch_alter_table('outbox_messages') as batch:
        batch.drop_constraint('fk_outbox_messages_staff_id', type_='foreignkey')
        batch.drop_column('staff_id')
        batch.drop_column('recipient_label')
        batch.drop_column('purpose')
    with op.batch_alter_table('staff') as batch:
        batch.drop_column('on_duty')
        batch.drop_column('alert_channel')
        batch.drop_column('phone')
    op.drop_table('working_areas')
