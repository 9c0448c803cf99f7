"""The counters of the login, password-reset and activation throttles.

They live in the shared cache (Redis in production), so that every worker counts the same
failures. When Redis is down or frozen, a login must neither fail (500) nor go unlimited:
the counters then fall back to a store of the process's own (bounded, in memory) until
Redis answers again. Each call to Redis is bounded by the cache's socket timeouts
(``REDIS_TIMEOUT_SECONDS``); after a failure the process stops asking Redis for
``PROBE_AFTER_SECONDS``, so a frozen Redis costs one timeout, not one per call.

While the fallback is in use each process counts on its own: an attacker spreading guesses
over N processes gets at most N times the limit, never an unlimited number.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

logger = logging.getLogger("preau.accounts")

# How many counters the fallback keeps (the oldest are dropped beyond) and how long the
# process keeps to it after Redis failed before trying Redis again.
FALLBACK_MAX_ENTRIES = 20_000
PROBE_AFTER_SECONDS = 5.0

# What a dead, refusing or frozen Redis raises (a timeout is a RedisError too).
UNAVAILABLE = (RedisError, OSError)


class ThrottleStore:
    """The subset of the cache API the throttles use, with a local fallback."""

    def __init__(self) -> None:
        self.local = LocMemCache("preau-throttle-fallback",
                                 {"OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}})
        self._lock = threading.Lock()
        self._shared_down_until = 0.0

    @property
    def using_fallback(self) -> bool:
        return time.monotonic() < self._shared_down_until

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if not self.using_fallback:
            try:
                return getattr(cache, method)(*args, **kwargs)
            except UNAVAILABLE as error:
                with self._lock:
                    self._shared_down_until = time.monotonic() + PROBE_AFTER_SECONDS
                logger.warning("throttle counters: the cache is unavailable (%s); counting "
                               "in this process for %.0f s", error, PROBE_AFTER_SECONDS)
        return getattr(self.local, method)(*args, **kwargs)

    def get(self, key: str, default: Any = None) -> Any:
        return self._call("get", key, default)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        return self._call("get_many", keys)

    def set(self, key: str, value: Any, timeout: int) -> None:
        self._call("set", key, value, timeout=timeout)

    def add(self, key: str, value: Any, timeout: int) -> bool:
        return self._call("add", key, value, timeout=timeout)

    def incr(self, key: str) -> int:
        return self._call("incr", key)

    def delete_many(self, keys: list[str]) -> None:
        self._call("delete_many", keys)

    def clear_fallback(self) -> None:
        """Forget the local counters and ask Redis again at once (tests)."""
        self.local.clear()
        self._shared_down_until = 0.0


throttle_store = ThrottleStore()
