"""NIK redaction and inbound-message retention (issue 9, item 1)

Masks NIK-shaped numbers already stored in clear in free text (with the same rule the app now
applies on the way in, ``suite.privacy.redaction``), and indexes ``inbound_messages.received_at``
for the retention purge. The redaction cannot be undone: downgrade only drops the index.

Revision ID: s9a1b2c3d401
Revises: m8d4e5f6a7b8
"""
import json

import sqlalchemy as sa
from alembic import op

from suite.privacy.redaction import redact_nik, redact_value

revision = 's9a1b2c3d401'
down_revision = 'm8d4e5f6a7b8'
branch_labels = None
depends_on = None

BATCH = 500
# Table -> free-text columns (sa.Text) and JSON columns (sa.JSON) that may quote a citizen.
TEXT_COLUMNS = {
    "tickets": {"title": sa.Text, "description": sa.Text, "extras": sa.JSON, "reporter": sa.JSON},
    "ticket_events": {"body": sa.Text},
    "ticket_ratings": {"comment": sa.Text},
    "attachments": {"original_name": sa.Text},
    "inbound_messages": {"body": sa.Text},
    "held_reports": {"payload": sa.JSON},
    "notifications": {"body": sa.Text},
    "outbox_messages": {"body": sa.Text, "subject": sa.Text},
}


def upgrade():
    with op.batch_alter_table("inbound_messages") as batch:
        batch.create_index("ix_inbound_messages_received_at", ["received_at"])
    bind = op.get_bind()
    for name, columns in TEXT_COLUMNS.items():
        _redact_table(bind, name, columns)


def downgrade():
    with op.batch_alter_table("inbound_messages") as batch:
        batch.drop_index("ix_inbound_messages_received_at")


def _redact_table(bind, name: str, columns: dict) -> None:
    """Walk the table by id in batches; rewrite only the rows whose text changes."""
    table = sa.table(name, sa.column("id", sa.Integer), *(sa.column(c, kind) for c, kind in columns.items()))
    last_id = 0
    while True:
        rows = bind.execute(sa.select(table).where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        for row in rows:
            changes = {}
            for column, kind in columns.items():
                value = row._mapping[column]
                if value is None:
                    continue
                redacted = _redacted(name, column, kind, value)
                if redacted != value:
                    changes[column] = redacted
            if changes:
                bind.execute(table.update().where(table.c.id == row.id).values(**changes))
        last_id = rows[-1].id


def _redacted(table: str, column: str, kind, value):
    # Gateway media ids may be 16 digits and are fetched by later: only what people typed is masked,
    # as the application does (suite.channels.dialogue.inbound.stored_body, .held.hold).
    if table == "held_reports":
        return {**value, "draft": redact_value(value.get("draft"))} if isinstance(value, dict) else value
    if table == "tickets" and column == "reporter" and isinstance(value, dict):
        # The reporter's email and phone are how answers reach them (suite.ticketing.services.redact_draft).
        return {key: item if key in ("email", "phone") else redact_value(item) for key, item in value.items()}
    if table == "inbound_messages":
        stored = _json_object(value)
        if stored is not None:
            if "caption" not in stored:
                return value
            return json.dumps({**stored, "caption": redact_nik(stored["caption"])})
    return redact_nik(value) if kind is sa.Text else redact_value(value)


def _json_object(text: str):
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
