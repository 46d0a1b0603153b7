"""The public map's index: tickets with a point, not merged, by (created_at, id) (issue 11, item 4)

Revision ID: i11b0001
Revises: i11d0001
Create Date: 2026-12-06 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i11b0001'
down_revision = 'i11d0001'
branch_labels = None
depends_on = None

# As suite.ticketing.models.PUBLIC_MAP_SQL: conditions written the same in SQLite and PostgreSQL.
PUBLIC_MAP_SQL = "latitude IS NOT NULL AND longitude IS NOT NULL AND merged_into_id IS NULL"


def upgrade():
    op.create_index(
        'ix_tickets_public_map',
        'tickets',
        ['created_at', 'id'],
        unique=False,
        postgresql_where=sa.text(PUBLIC_MAP_SQL),
        sqlite_where=sa.text(PUBLIC_MAP_SQL),
    )


def downgrade():
    op.drop_index('ix_tickets_public_map', table_name='tickets')
