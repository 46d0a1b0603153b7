"""Tamper-evident audit log, call-centre role (issue 9, items 10, 11)

The audit log gains before/after values of admin changes, the user agent, and the hash chain
(sequence, previous hash, own hash) with a one-row chain head. Entries written before this
revision are sealed into the chain here, in id order.

Staff gain the ``call_centre`` flag; staff of a call-centre agency (kind ``pusat_layanan``)
get it, so the operators who use the call centre today keep it.

Revision ID: s9a1b2c3d407
Revises: s9a1b2c3d405
"""
from alembic import op
import sqlalchemy as sa

revision = 's9a1b2c3d407'
down_revision = 's9a1b2c3d405'
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64


def upgrade():
    with op.batch_alter_table('staff') as batch:
        batch.add_column(sa.Column('call_centre', sa.Boolean(), nullable=False, server_default=sa.false()))
    staff = sa.table('staff', sa.column('call_centre', sa.Boolean), sa.column('agency_id', sa.Integer))
    agencies = sa.table('agencies', sa.column('id', sa.Integer), sa.column('kind', sa.String))
    op.execute(staff.update().where(staff.c.agency_id.in_(
        sa.select(agencies.c.id).where(agencies.c.kind == 'pusat_layanan'))).values(call_centre=True))

    with op.batch_alter_table('audit_log') as batch:
        batch.add_column(sa.Column('before', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('after', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('user_agent', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('sequence', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('entry_hash', sa.String(length=64), nullable=True))
    op.create_table(
        'audit_chain_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last_sequence', sa.Integer(), nullable=False),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_audit_chain_head'),
    )
    _seal_existing_entries()
    with op.batch_alter_table('audit_log') as batch:
        batch.alter_column('sequence', existing_type=sa.Integer(), nullable=False)
        batch.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch.alter_column('entry_hash', existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint('uq_audit_log_sequence', ['sequence'])


def _seal_existing_entries():
    # The application's own canonical form, so `audit verify` accepts these entries.
    from suite.audit.chain import HASHED_FIELDS, digest

    log = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('staff_id', sa.Integer),
                   sa.column('citizen_id', sa.Integer), sa.column('action', sa.String),
                   sa.column('resource_type', sa.String), sa.column('resource_id', sa.String),
                   sa.column('detail', sa.String), sa.column('ip_address', sa.String),
                   sa.column('created_at', sa.DateTime), sa.column('sequence', sa.Integer),
                   sa.column('prev_hash', sa.String), sa.column('entry_hash', sa.String))
    connection = op.get_bind()
    previous, sequence = GENESIS_HASH, 0
    for row in connection.execute(sa.select(log).order_by(log.c.id)).mappings().all():
        sequence += 1
        fields = {name: row.get(name) for name in HASHED_FIELDS}
        fields.update(sequence=sequence, prev_hash=previous, before=None, after=None, user_agent=None)
        previous_hash, previous = previous, digest(fields)
        connection.execute(log.update().where(log.c.id == row['id']).values(
            sequence=sequence, prev_hash=previous_hash, entry_hash=previous))
    if sequence:
        head = sa.table('audit_chain_head', sa.column('id', sa.Integer), sa.column('last_sequence', sa.Integer),
                        sa.column('last_hash', sa.String))
        op.execute(head.insert().values(id=1, last_sequence=sequence, last_hash=previous))


def downgrade():
    op.drop_table('audit_chain_head')
    with op.batch_alter_table('audit_log') as batch:
        batch.drop_constraint('uq_audit_log_sequence', type_='unique')
        batch.drop_column('entry_hash')
        batch.drop_column('prev_hash')
        batch.drop_column('sequence')
        batch.drop_column('user_agent')
        batch.drop_column('after')
        batch.drop_column('before')
    with op.batch_alter_table('staff') as batch:
        batch.drop_column('call_centre')
