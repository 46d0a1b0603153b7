"""The audit log as a hash chain: append-only in the application, tamper-evident in the database.

Every new ``AuditEntry`` is sealed when its session flushes: it gets the next sequence number,
the previous entry's hash, and its own sha256 over a canonical serialisation of all its fields.
Anyone who edits a row changes its hash; anyone who removes or reorders rows breaks the link
from the next entry (or the chain head, for the last ones). ``verify()`` walks the chain.

Appends are serialised so two writers never give two entries the same predecessor: on
PostgreSQL a transaction-scoped advisory lock, on SQLite the database's single writer
(``BEGIN IMMEDIATE``, see ``suite.database``). The lock is held until the transaction ends, so
views record their audit entry last, after the rows they change.

Someone with the database can still rewrite the whole chain from the point they changed; to
notice that too, keep the head hash that ``audit verify`` prints somewhere outside the database.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from suite.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
from suite.database import utcnow

ADVISORY_LOCK_KEY = 0x5A7D17  # any fixed 64-bit number, used for nothing else
HASHED_FIELDS = (
    "sequence",
    "created_at",
    "staff_id",
    "citizen_id",
    "action",
    "resource_type",
    "resource_id",
    "detail",
    "before",
    "after",
    "ip_address",
    "user_agent",
    "prev_hash",
)

_order = itertools.count()  # the order entries were recorded in, for entries flushed together


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when application code tries to change or delete an audit entry."""


def digest(fields: dict) -> str:
    """sha256 (hex) of an entry's canonical form: sorted keys, no spaces, UTC ISO times.

    ``fields`` holds every name in ``HASHED_FIELDS``; it may be a plain dict (the migration
    seals rows written before the chain existed with it)."""
    canonical = {name: fields.get(name) for name in HASHED_FIELDS}
    canonical["created_at"] = _iso(canonical["created_at"])
    payload = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_digest(entry: AuditEntry) -> str:
    return digest({name: getattr(entry, name) for name in HASHED_FIELDS})


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite rows read without the model's type (the migration)
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # stored naive UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def mark_order(entry: AuditEntry) -> AuditEntry:
    entry._chain_order = next(_order)
    return entry


@event.listens_for(Session, "before_flush")
def _seal_new_entries(session: Session, _flush_context, _instances) -> None:
    new = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    if not new:
        return
    with session.no_autoflush:
        head = _locked_head(session)
        for entry in sorted(new, key=lambda e: e._chain_order):
            entry.created_at = entry.created_at or utcnow()
            entry.sequence = head.last_sequence + 1
            entry.prev_hash = head.last_hash
            entry.entry_hash = entry_digest(entry)
            head.last_sequence, head.last_hash = entry.sequence, entry.entry_hash


def _locked_head(session: Session) -> AuditChainHead:
    """The chain head, locked for this transaction; created (a fresh chain) when missing."""
    if session.connection().dialect.name == "postgresql":
        # Also covers the head row not existing yet, which FOR UPDATE cannot lock.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    head = session.execute(
        select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if head is None:
        head = AuditChainHead(id=1, last_sequence=0, last_hash=GENESIS_HASH)
        session.add(head)
    return head


# -- append-only: the ORM refuses to change or delete an entry ----------------------------------
# Core statements on the table (``audit_log.delete()``, raw SQL) are not stopped here: the test
# suite empties tables that way, and whoever changes rows by hand is what ``verify`` catches.


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(_mapper, _connection, entry) -> None:
    raise AuditLogIsAppendOnly(f"audit entry {entry.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(_mapper, _connection, entry) -> None:
    raise AuditLogIsAppendOnly(f"audit entry {entry.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state) -> None:
    # ``update(AuditEntry)`` / ``delete(AuditEntry)`` bypass the mapper events above.
    if (
        (state.is_update or state.is_delete)
        and state.is_orm_statement
        and state.bind_mapper is not None
        and state.bind_mapper.class_ is AuditEntry
    ):
        raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")


# -- verification -------------------------------------------------------------------------------


@dataclass
class Verification:
    entries: int
    head_hash: str
    problem: str | None = None  # the first broken link, in words
    entry_id: int | None = None  # the entry it concerns, when there is one

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify(session: Session, batch: int = 1000) -> Verification:
    """Walk the chain in sequence order and return the first broken link, if any.

    Reports: an entry whose content no longer matches its hash (changed), a sequence gap or an
    entry whose previous hash is not its predecessor's (missing or reordered entries), and a log
    whose end does not match the chain head (entries removed from the end)."""
    previous_sequence, previous_hash, count, after = 0, GENESIS_HASH, 0, None
    while True:
        query = select(AuditEntry).order_by(AuditEntry.sequence).limit(batch)
        if after is not None:
            query = query.where(AuditEntry.sequence > after)
        rows = session.execute(query).scalars().all()
        if not rows:
            break
        for entry in rows:
            count += 1
            if entry.sequence is None or entry.entry_hash != entry_digest(entry):
                return Verification(
                    count,
                    previous_hash,
                    f"entry {entry.id} (#{entry.sequence}) was changed: its content no longer matches its hash",
                    entry.id,
                )
            if entry.sequence != previous_sequence + 1:
                return Verification(
                    count,
                    previous_hash,
                    f"entries missing before entry {entry.id}: sequence "
                    f"jumps from #{previous_sequence} to #{entry.sequence}",
                    entry.id,
                )
            if entry.prev_hash != previous_hash:
                return Verification(
                    count,
                    previous_hash,
                    f"entry {entry.id} (#{entry.sequence}) does not follow "
                    f"entry #{previous_sequence}: entries were removed or reordered",
                    entry.id,
                )
            previous_sequence, previous_hash = entry.sequence, entry.entry_hash
        session.expunge_all()  # a long log is walked in batches, not held in memory
        after = previous_sequence
    head = session.get(AuditChainHead, 1)
    head_sequence, head_hash = (head.last_sequence, head.last_hash) if head else (0, GENESIS_HASH)
    if (head_sequence, head_hash) != (previous_sequence, previous_hash):
        return Verification(
            count,
            previous_hash,
            f"the log ends at #{previous_sequence} but the chain head "
            f"records #{head_sequence}: entries were removed from the end or the head was changed",
        )
    return Verification(count, previous_hash)
