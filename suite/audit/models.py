"""Who saw or changed what: the trail a breach report (UU 27/2022, 3x24 hours) is built from.

The log is append-only and tamper-evident: each entry carries a sequence number, the hash of
the entry before it and its own hash (see ``suite.audit.chain``), so an edited, removed or
reordered row shows up in ``flask --app suite audit verify``.
"""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model

GENESIS_HASH = "0" * 64  # the "previous hash" of a chain's first entry


class AuditEntry(Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_resource", "resource_type", "resource_id"),
        UniqueConstraint("sequence", name="uq_audit_log_sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"))
    action: Mapped[str] = mapped_column(String(30))  # read, lookup, create, update, delete, export
    resource_type: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(String(200))
    # What an admin change replaced and what it became: only the fields that changed.
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))  # where from (IPv6 at most 45 characters)
    user_agent: Mapped[str | None] = mapped_column(String(200))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # The chain: position, the previous entry's hash and this entry's own (sha256, hex).
    # Unique sequence numbers are the last guard against two writers forking the chain.
    sequence: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    # Not a column: the order entries were made in this session, so a flush seals them in that order.
    _chain_order = 0


class AuditChainHead(Model):
    """One row: the last entry's sequence and hash. Appends lock it, and ``audit verify`` compares
    the log's end with it, so entries cut off the end of the log are noticed too."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)


from suite.audit import chain as _chain  # noqa: E402,F401  (seals new entries, refuses edits: wherever entries exist)
