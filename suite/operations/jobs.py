"""``flask --app suite jobs``: the modules' scheduled jobs, each retried through a database outage.

Each job runs in a transaction of its own, so a failed attempt leaves nothing behind and trying it
again is safe. An outage is retried ``ATTEMPTS`` times with a doubling pause (suite.operations.retrying),
which spans the 30 s a restart or failover takes; past that, or on any other error, the run stops with
one clear line and exit status 1, and the heartbeat ``jobs`` records the failure (check-deploy shows it).
A run that finishes records a good beat.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

import click

from suite.database import utcnow, write_transaction
from suite.operations.outage import describe
from suite.operations.retrying import beat_safely, with_retries

# 1 + 2 + 4 + 8 + 16 s of pauses with the default backoff: a run rides out a 30 s outage.
ATTEMPTS = 6


def run_jobs(echo: Callable[[str], None] = click.echo, sleep: Callable[[float], None] | None = None) -> None:
    from suite.registry import enabled_modules

    sleep = sleep or time.sleep
    try:
        for module in enabled_modules().values():
            for job in module.scheduled_jobs():
                outcome = with_retries(partial(_run, job), f"jobs ({module.code})", ATTEMPTS, sleep)
                echo(f"{module.code}: {outcome}")
    except Exception as error:
        beat_safely("jobs", error)
        raise click.ClickException(f"jobs failed: {describe(error)}") from error
    beat_safely("jobs")


def _run(job) -> str:
    with write_transaction():
        return job(utcnow())
