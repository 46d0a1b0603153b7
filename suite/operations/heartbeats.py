"""Heartbeats of the background processes (outbox worker, sweep, jobs), one row per process name and host.

``flask --app suite check-deploy`` reads them: a worker that has not beaten recently, or a sweep that
has not run within two minutes, is a deployment fault someone must hear of. A process records a beat
after each round; a failing round records its error (one line, no personal data) with the beat, so the
row tells both "alive" and "last succeeded".
"""

from __future__ import annotations

import socket
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow, write_transaction
from suite.extensions import Model, db

ERROR_MAX = 300


class ProcessHeartbeat(Model):
    __tablename__ = "process_heartbeats"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)  # "worker", "sla-sweep", "jobs"
    host: Mapped[str] = mapped_column(String(120), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # last round that succeeded
    error: Mapped[str | None] = mapped_column(String(ERROR_MAX))  # the last round's failure, if it failed


def host_name() -> str:
    return socket.gethostname()[:120]


def beat(name: str, *, error: str | None = None) -> None:
    """Record that ``name`` on this host finished a round (``error``: it failed, and why), in its own write."""
    now = utcnow()
    with write_transaction():
        row = db.session.get(ProcessHeartbeat, (name, host_name()))
        if row is None:
            row = ProcessHeartbeat(name=name, host=host_name(), beat_at=now)
            db.session.add(row)
        row.beat_at = now
        if error is None:
            row.ok_at = now
            row.error = None
        else:
            row.error = error[:ERROR_MAX]


def latest(name: str) -> ProcessHeartbeat | None:
    """The most recent beat of ``name`` on any host."""
    return db.session.execute(
        select(ProcessHeartbeat).where(ProcessHeartbeat.name == name).order_by(ProcessHeartbeat.beat_at.desc()).limit(1)
    ).scalar_one_or_none()
