"""Reply templates for the regency or one module, admins' message texts, staff notification
preferences (issue 12, item 3)

Revision ID: i12msg01
Revises: i12sta01
"""

from alembic import op
import sqlalchemy as sa

from suite.database import UTCDateTime

revision = "i12msg01"
down_revision = "i12sta01"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("response_templates") as batch:
        batch.alter_column("agency_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("module", sa.String(length=40), nullable=True))
    op.create_table(
        "message_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["updated_by_id"], ["staff.id"], name=op.f("fk_message_texts_updated_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_texts")),
        sa.UniqueConstraint("key", "language", name="uq_message_texts_key_language"),
    )
    op.create_table(
        "staff_notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_notification_preferences_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notification_preferences")),
        sa.UniqueConstraint("staff_id", "event", name="uq_staff_notification_preferences_staff_event"),
    )
    op.create_index(
        op.f("ix_staff_notification_preferences_staff_id"), "staff_notification_preferences", ["staff_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_staff_notification_preferences_staff_id"), table_name="staff_notification_preferences")
    op.drop_table("staff_notification_preferences")
    op.drop_table("message_texts")
    with op.batch_alter_table("response_templates") as batch:
        batch.drop_column("module")
        batch.alter_column("agency_id", existing_type=sa.Integer(), nullable=False)
