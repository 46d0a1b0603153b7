"""Issue 13: the in-memory rate-limit storage counts and expires as before without a thread per hit."""

from __future__ import annotations

import threading
import time

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from suite.security.memory_sweep import SweptMemoryStorage, quieten


def test_a_burst_of_hits_starts_at_most_one_sweep_and_the_limit_still_holds(monkeypatch):
    storage = MemoryStorage()
    quieten(storage)
    started = []
    real_start = threading.Timer.start
    monkeypatch.setattr(threading.Timer, "start", lambda timer: (started.append(timer), real_start(timer))[1])
    limiter = FixedWindowRateLimiter(storage)
    limit = parse("5 per second")

    allowed = []
    for _ in range(10):  # spaced past the 0.01 s sweep: plain MemoryStorage starts a thread for each
        allowed.append(limiter.hit(limit, "caller"))
        time.sleep(0.02)

    assert isinstance(storage, SweptMemoryStorage)
    assert allowed.count(True) == 5 and len(started) <= 1
    time.sleep(1.05)  # the window ends: counted again without waiting for a sweep
    assert limiter.hit(limit, "caller")
