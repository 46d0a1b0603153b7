"""Merge the health-safety branches (working areas and alerts, health boundary, e-Babhar clinical)

Revision ID: m8d4e5f6a7b8
Revises: r8c3d4e5f6a7, h8a1b2c3d4e5, c8b2c3d4e5f6
Create Date: 2026-11-29 01:10:00

"""

# revision identifiers, used by Alembic.
revision = 'm8d4e5f6a7b8'
down_revision = ('r8c3d4e5f6a7', 'h8a1b2c3d4e5', 'c8b2c3d4e5f6')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
