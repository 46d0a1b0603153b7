"""Background processes outlive a database that is away for a while (issue 13, item 7).

The outbox worker and the jobs meet the same faults as the web: the database restarts, the network
drops, a failover leaves a read-only replica for a minute. A round that fails for such a reason is
logged in one line (suite.operations.outage.describe: no SQL, no personal data) and tried again after
a pause that doubles from ``DB_RETRY_BACKOFF_SECONDS`` up to ``DB_RETRY_BACKOFF_MAX_SECONDS``; when
the database answers again one line says so. Any other error is a bug: logged with its traceback,
and waited on the same way, so a worker never spins on it nor ends (a restart would not fix it either).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import current_app

from suite.operations.outage import describe, is_outage, recover

logger = logging.getLogger("suite.operations")
T = TypeVar("T")


@dataclass
class Backoff:
    first: float
    ceiling: float
    failures: int = 0

    @classmethod
    def from_config(cls) -> Backoff:
        config = current_app.config
        return cls(config["DB_RETRY_BACKOFF_SECONDS"], config["DB_RETRY_BACKOFF_MAX_SECONDS"])

    def failed(self, error: BaseException, what: str) -> float:
        """Log the failed round (one line for an outage) and return how long to wait before the next."""
        recover(error)
        self.failures += 1
        wait = min(self.first * 2 ** (self.failures - 1), self.ceiling)
        if is_outage(error):
            logger.warning(
                "%s: database unavailable (%s); failure %d, retrying in %.0f s",
                what,
                describe(error),
                self.failures,
                wait,
            )
        else:
            logger.error("%s: round failed (%s); retrying in %.0f s", what, type(error).__name__, wait, exc_info=error)
        return wait

    def succeeded(self, what: str) -> None:
        if self.failures:
            logger.warning("%s: database available again after %d failed round(s)", what, self.failures)
        self.failures = 0


def beat_safely(name: str, error: BaseException | str | None = None) -> bool:
    """Record the heartbeat of ``name`` (``error``: the round failed, as an exception or already put in
    words); False when the database refuses even that (it is down)."""
    from suite.operations.heartbeats import beat

    reason = describe(error) if isinstance(error, BaseException) else error
    try:
        beat(name, error=reason)
    except Exception as failure:  # noqa: BLE001 (a missed beat is what check-deploy is there to notice)
        recover(failure)
        return False
    return True


def with_retries(action: Callable[[], T], what: str, attempts: int, sleep: Callable[[float], None]) -> T:
    """``action()``, tried again after an outage up to ``attempts`` times in all; other errors and the
    last outage are raised."""
    pause = Backoff.from_config()
    for attempt in range(1, attempts + 1):
        try:
            result = action()
        except Exception as error:
            if not is_outage(error) or attempt == attempts:
                recover(error)
                raise
            sleep(pause.failed(error, what))
            continue
        pause.succeeded(what)
        return result
    raise AssertionError("unreachable")  # attempts >= 1
