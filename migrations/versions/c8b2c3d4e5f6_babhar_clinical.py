"""e-Babhar clinical data: alarm thresholds, trimesters, antenatal contacts, pregnancy outcomes;
ANC elements and alarms on visits; consent recorder on pregnancies

Revision ID: c8b2c3d4e5f6
Revises: 7a1c0d2e4f60
Create Date: 2026-11-28 23:50:00

"""
from alembic import op
import sqlalchemy as sa

import suite.database


# revision identifiers, used by Alembic.
revision = 'c8b2c3d4e5f6'
down_revision = '7a1c0d2e4f60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('babhar_alarm_thresholds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('measure', sa.String(length=30), nullable=False),
    sa.Column('operator', sa.String(length=2), nullable=False),
    sa.Column('value', sa.Double(), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('kspr_factor', sa.String(length=40), nullable=True),
    sa.Column('label_id', sa.String(length=200), nullable=False),
    sa.Column('label_en', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_babhar_alarm_thresholds'))
    )
    with op.batch_alter_table('babhar_alarm_thresholds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_babhar_alarm_thresholds_code'), ['code'], unique=False)

    op.create_table('babhar_trimesters',
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('last_week', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_babhar_trimesters'))
    )
    op.create_table('babhar_antenatal_contacts',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('trimester', sa.Integer(), nullable=False),
    sa.Column('first_week', sa.Integer(), nullable=False),
    sa.Column('last_week', sa.Integer(), nullable=False),
    sa.Column('target_week', sa.Integer(), nullable=False),
    sa.Column('with_doctor', sa.Boolean(), nullable=False),
    sa.Column('ultrasound', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_babhar_antenatal_contacts'))
    )
    op.create_table('babhar_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pregnancy_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=20), nullable=True),
    sa.Column('attendant', sa.String(length=20), nullable=True),
    sa.Column('mode', sa.String(length=20), nullable=True),
    sa.Column('birth_weight_g', sa.Integer(), nullable=True),
    sa.Column('maternal_death', sa.Boolean(), nullable=False),
    sa.Column('neonatal_death', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('recorded_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', suite.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pregnancy_id'], ['babhar_pregnancies.id'], name=op.f('fk_babhar_outcomes_pregnancy_id_babhar_pregnancies')),
    sa.ForeignKeyConstraint(['recorded_by_staff_id'], ['staff.id'], name=op.f('fk_babhar_outcomes_recorded_by_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_babhar_outcomes')),
    sa.UniqueConstraint('pregnancy_id', name=op.f('uq_babhar_outcomes_pregnancy_id'))
    )
    with op.batch_alter_table('babhar_pregnancies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('consent_recorded_by_staff_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_babhar_pregnancies_consent_recorded_by_staff_id_staff'),
                                    'staff', ['consent_recorded_by_staff_id'], ['id'])

    with op.batch_alter_table('babhar_visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='planned', nullable=False))
        batch_op.add_column(sa.Column('height_cm', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('muac_cm', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('fetal_presentation', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('td_status', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('blood_group', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('urine_protein', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hiv_result', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('syphilis_result', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('hepatitis_b_result', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('ultrasound_findings', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('counselling', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('alarms', sa.JSON(), nullable=True))

    # Pregnancies that ended before this revision: their end date is the delivery date.
    op.execute("UPDATE babhar_pregnancies SET ended_on = delivered_on WHERE delivered_on IS NOT NULL")


def downgrade():
    with op.batch_alter_table('babhar_visits', schema=None) as batch_op:
        for column in ('alarms', 'counselling', 'ultrasound_findings', 'hepatitis_b_result', 'syphilis_result',
                       'hiv_result', 'urine_protein', 'blood_group', 'td_status', 'fetal_presentation', 'muac_cm',
                       'height_cm', 'status'):
            batch_op.drop_column(column)

    with op.batch_alter_table('babhar_pregnancies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_babhar_pregnancies_consent_recorded_by_staff_id_staff'),
                                 type_='foreignkey')
        batch_op.drop_column('consent_recorded_by_staff_id')
        batch_op.drop_column('ended_on')

    op.drop_table('babhar_outcomes')
    op.drop_table('babhar_antenatal_contacts')
    op.drop_table('babhar_trimesters')
    with op.batch_alter_table('babhar_alarm_thresholds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_babhar_alarm_thresholds_code'))

    op.drop_table('babhar_alarm_thresholds')
