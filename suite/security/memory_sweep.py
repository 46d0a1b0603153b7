"""The in-memory rate-limit storage without a thread per hit.

``limits``' ``MemoryStorage`` starts a ``threading.Timer`` (0.01 s) to drop expired counters
whenever the previous one has finished, which on a busy process means a new thread on nearly
every limited request (issue 13: 7 % of an API create's time). Expiry does not depend on that
sweep: every read (``get``, the moving and sliding windows) compares the stored times with the
clock itself; the sweep only frees memory. So it runs here at most once per ``SWEEP_SECONDS``.
Redis storage (production, ``SUITE_REDIS_URL``) is not touched.
"""

from __future__ import annotations

from time import monotonic

from limits.storage import MemoryStorage

SWEEP_SECONDS = 1.0


class SweptMemoryStorage(MemoryStorage):
    """``MemoryStorage`` whose clean-up thread starts at most once a second."""

    _next_sweep = 0.0

    # MemoryStorage calls ``self.__schedule_expiry()``, i.e. this mangled name.
    def _MemoryStorage__schedule_expiry(self) -> None:
        now = monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_SECONDS
            super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]


def quieten(storage) -> None:
    """Make a plain memory storage sweep at most once a second (in place: the limiter holds it)."""
    if type(storage) is MemoryStorage:
        storage.__class__ = SweptMemoryStorage
