"""What ``flask --app suite sla-sweep`` does: the sweep, then the statistics refresh, then a heartbeat.

Cron runs it every minute and mails what it prints: a failure is one line naming the cause and a
non-zero exit, not a traceback, and the next run simply tries again (nothing is half-done: each
part is its own transaction). The heartbeat (``process_heartbeats``) tells ``check-deploy`` when the
sweep last ran and whether it succeeded; it is recorded in its own transaction, and a database too
far gone to take it does not turn the one line into two.
"""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from suite.database import write_transaction
from suite.extensions import db
from suite.operations.heartbeats import beat
from suite.operations.outage import is_outage
from suite.operations.retrying import beat_safely

NAME = "sla-sweep"


def run_sweep() -> None:
    from suite.sla.stats_refresh import refresh
    from suite.sla.sweep import sweep

    try:
        with write_transaction():
            result = sweep()
        click.echo(str(result))
        # The dashboards' summary follows in its own transaction: a failing refresh never undoes the sweep.
        with write_transaction():
            months = refresh()
        click.echo(f"statistics: {months} month(s) recomputed")
        beat(NAME)
    except Exception as error:  # cron's one line, whatever broke; the traceback goes to the debug log
        if is_outage(error):  # expected now and then: the one line says it all
            current_app.logger.debug("sla-sweep failed", exc_info=True)
        else:  # a bug: its traceback where the logs are kept (the log filter masks NIKs)
            current_app.logger.error("sla-sweep failed", exc_info=True)
        reason = describe(error)
        _record_failure(reason)
        click.echo(f"{NAME} failed: {reason}, will retry next run", err=True)
        raise SystemExit(1) from None


def describe(error: Exception) -> str:
    """The cause in a few words and the error's class; never the statement or its parameters, which
    may quote a ticket."""
    if isinstance(error, DBAPIError):
        detail = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
        # Narrower than outage.is_outage on purpose: a lock, a deadlock or a read-only database is
        # an outage to the web (503, try again) but not "unreachable" to the operator reading this.
        unreachable = error.connection_invalidated or any(
            word in detail.lower() for word in ("connect", "unable to open", "server closed", "timeout expired")
        )
        kind = "database unreachable" if unreachable else "database error"
        return f"{kind} ({type(error).__name__}: {detail[:160]})" if detail else f"{kind} ({type(error).__name__})"
    if isinstance(error, SQLAlchemyError):
        return f"database error ({type(error).__name__})"
    return f"{type(error).__name__}: {str(error).strip().splitlines()[0][:160] if str(error).strip() else ''}".rstrip(
        ": "
    )


def _record_failure(reason: str) -> None:
    # A fresh session: the failed one may hold a dead connection or a transaction that never began.
    db.session.remove()
    if not beat_safely(NAME, reason):  # the database that failed the run may refuse the beat too
        current_app.logger.debug("sla-sweep: heartbeat not recorded")
