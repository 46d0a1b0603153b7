"""Where rate-limit counters live: one storage per application, chosen from its settings.

Flask-Limiter keeps one storage on the ``Limiter`` object, but our ``limiter`` is created once
in ``suite.extensions`` (the route decorators bind to it at import) and every app built in the
same process (tests, the CLI) would replace the previous app's storage. ``AppLimiter`` keeps
the storage, strategy and key prefix in ``app.extensions`` instead, so each app counts in its
own storage, and two apps (two gunicorn workers) on the same Redis URL share their counts.
"""

from __future__ import annotations

import hashlib
import logging

from flask import Flask, current_app, has_app_context
from flask_limiter import Limiter

from suite.security.memory_sweep import quieten

logger = logging.getLogger(__name__)
EXTENSION_KEY = "suite_rate_limits"


def storage_uri(config) -> str:
    """The explicit override, else Redis when ``SUITE_REDIS_URL`` is set, else this process's memory."""
    return config.get("RATELIMIT_STORAGE_URL") or config.get("REDIS_URL") or "memory://"


def key_prefix(config) -> str:
    """The explicit prefix, else one derived from the database: workers of one deployment share
    a database (and so their counters); two deployments on one Redis never do."""
    if config.get("RATELIMIT_KEY_PREFIX"):
        return config["RATELIMIT_KEY_PREFIX"]
    digest = hashlib.sha256(str(config.get("SQLALCHEMY_DATABASE_URI", "")).encode()).hexdigest()[:12]
    return f"suite-{digest}"


class AppLimiter(Limiter):
    """A ``Limiter`` whose storage, strategy and key prefix belong to the current app."""

    def init_app(self, app: Flask) -> None:
        app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app.config)
        app.config["RATELIMIT_KEY_PREFIX"] = key_prefix(app.config)
        self.__dict__["_initialising"] = {}
        try:
            super().init_app(app)
            state = self.__dict__["_initialising"]
        finally:
            del self.__dict__["_initialising"]
        state["prefix"] = app.config["RATELIMIT_KEY_PREFIX"]
        quieten(state.get("_storage"))
        app.extensions[EXTENSION_KEY] = state
        if app.config["RATELIMIT_STORAGE_URI"].startswith("memory://") and app.config.get("ENV_NAME") == "production":
            # Warn rather than refuse: see the README ("Rate limits"): each worker then counts alone.
            logger.warning(
                "SECURITY: rate limits use memory storage in production: every worker process counts "
                "on its own and a restart forgets every count. Set SUITE_REDIS_URL "
                "(e.g. redis://127.0.0.1:6379/0) so all workers share their counters."
            )

    def _state(self) -> dict | None:
        if "_initialising" in self.__dict__:
            return self.__dict__["_initialising"]
        if has_app_context():
            return current_app.extensions.get(EXTENSION_KEY)
        return None

    def _get(self, name: str):
        state = self._state()
        if state is not None and name in state:
            return state[name]
        return self.__dict__.get(f"_default{name}")

    def _set(self, name: str, value) -> None:
        state = self._state()
        if state is not None and "_initialising" in self.__dict__:
            state[name] = value
        else:
            self.__dict__[f"_default{name}"] = value

    # The attributes Flask-Limiter reads on every request, resolved per app.
    _storage = property(lambda self: self._get("_storage"), lambda self, value: self._set("_storage", value))
    _limiter = property(lambda self: self._get("_limiter"), lambda self, value: self._set("_limiter", value))

    @property
    def _key_prefix(self) -> str:
        state = self._state()
        if state is not None and "prefix" in state:
            return state["prefix"]
        return ""

    @_key_prefix.setter
    def _key_prefix(self, _value: str) -> None:
        pass  # always the app's RATELIMIT_KEY_PREFIX (see ``init_app``)

    @property
    def _strategy(self):
        state = self._state()
        return state.get("_strategy") if state is not None else self.__dict__.get("_default_strategy")

    @_strategy.setter
    def _strategy(self, value) -> None:
        self._set("_strategy", value)
