"""The shared cache (Redis in production), and what the app does when Redis is away.

Counters and tokens that every worker must share (the login throttles, the school
calendar's version) live in the cache. When Redis is down or frozen a request must neither
fail (500) nor hang: calls then fall back to a store of the process's own (bounded, in
memory) until Redis answers again. Each call to Redis is bounded by the cache's socket
timeouts (``REDIS_TIMEOUT_SECONDS``); after a failure the process stops asking Redis for
``PROBE_AFTER_SECONDS``, so a frozen Redis costs one timeout, not one per call.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

logger = logging.getLogger("preau.common")

# How many values the fallback keeps (the oldest are dropped beyond) and how long the
# process keeps to it after Redis failed before trying Redis again.
FALLBACK_MAX_ENTRIES = 20_000
PROBE_AFTER_SECONDS = 5.0

# What a dead, refusing or frozen Redis raises (a timeout is a RedisError too).
UNAVAILABLE = (RedisError, OSError)


class SharedCache:
    """The subset of the cache API that Préau uses, with a local fallback."""

    def __init__(self) -> None:
        self.local = LocMemCache("preau-shared-cache-fallback",
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
                logger.warning("the shared cache is unavailable (%s); using this process's "
                               "own for %.0f s", error, PROBE_AFTER_SECONDS)
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

    def delete(self, key: str) -> None:
        self._call("delete", key)

    def delete_many(self, keys: list[str]) -> None:
        self._call("delete_many", keys)

    def clear_fallback(self) -> None:
        """Forget the local values and ask Redis again at once (tests)."""
        self.local.clear()
        self._shared_down_until = 0.0



shared_cache = SharedCache()
