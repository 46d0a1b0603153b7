"""A citizen's phone is unique only among proven phones (issue 9, item 5)

An account that typed a number it never proved no longer blocks the number's owner: many accounts
may hold a number unconfirmed, one account may hold it confirmed.

Revision ID: s9a1b2c3d409
Revises: s9a1b2c3d408
"""
from alembic import op
import sqlalchemy as sa

revision = 's9a1b2c3d409'
down_revision = 's9a1b2c3d408'
branch_labels = None
depends_on = None

PROVEN = sa.text("phone_confirmed_at IS NOT NULL")


def upgrade():
    with op.batch_alter_table('citizens') as batch:
        batch.drop_constraint('uq_citizens_phone', type_='unique')
        batch.create_index('ix_citizens_phone', ['phone'])
    op.create_index('uq_citizens_confirmed_phone', 'citizens', ['phone'], unique=True,
                    sqlite_where=PROVEN, postgresql_where=PROVEN)


def downgrade():
    op.drop_index('uq_citizens_confirmed_phone', table_name='citizens')
    # Unconfirmed duplicates cannot survive the old rule: all but the proven (or else the oldest) holder
    # of each number lose it.
    op.execute("UPDATE citizens SET phone = 'dilepas-' || id WHERE phone_confirmed_at IS NULL AND EXISTS "
               "(SELECT 1 FROM citizens other WHERE other.phone = citizens.phone AND other.id <> citizens.id "
               "AND (other.phone_confirmed_at IS NOT NULL OR other.id < citizens.id))")
    with op.batch_alter_table('citizens') as batch:
        batch.drop_index('ix_citizens_phone')
        batch.create_unique_constraint('uq_citizens_phone', ['phone'])
