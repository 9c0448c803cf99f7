"""The cache of signed-in sessions (``SESSION_CACHE_ALIAS = "sessions"``).

Sessions are read from this cache and written to both it and the database
(``preau.common.session_store``): a request of a signed-in user costs no session query
while its session is cached. The database stays the truth — the session list, "end the
other sessions", the idle timeouts and the live sockets' re-check read it — and the cache
only copies it, within two rules:

- **A copy lives at most ``TIMEOUT`` seconds** (the alias's ``TIMEOUT``, 60 by default),
  whatever the session's own expiry: a copy the cache failed to drop (Redis unreachable at
  the moment a session ended) cannot outlive that bound, and a session in use is read
  from the database once a minute.
- **Redis away is a cache miss, never an error**: a dead or frozen Redis (each call bounded
  by ``REDIS_TIMEOUT_SECONDS``) reads the session from the database, a write or a delete
  is skipped, and the process stops asking Redis for ``PROBE_AFTER_SECONDS`` so that a
  frozen Redis costs one timeout, not one per call (as ``preau.common.shared_cache``). No
  one is signed out and nothing answers 500; the copy that Redis may still hold when it
  comes back is at most ``TIMEOUT`` seconds old.

The local demo (no ``REDIS_URL``) keeps the copies in the process's memory: it runs one
process, so a session ended there is dropped from the only copy.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from preau.common.shared_cache import PROBE_AFTER_SECONDS, UNAVAILABLE

logger = logging.getLogger("preau.common")

# The bound of a copy when the alias's configuration gives none.
SESSION_COPY_SECONDS = 60


class BoundedCopies:
    """Every entry expires within the alias's ``TIMEOUT`` (``default_timeout``), also when
    the caller asks for longer (a session's expiry is weeks away)."""

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        bound = self.default_timeout if self.default_timeout is not None else (
            SESSION_COPY_SECONDS)
        if timeout == DEFAULT_TIMEOUT or timeout is None or timeout > bound:
            timeout = bound
        return super().get_backend_timeout(timeout)


class SessionLocMemCache(BoundedCopies, LocMemCache):
    """The demo's session copies, in the memory of its one process."""


class _Outage:
    """When this process last found Redis away; shared by the cache's instances (Django
    makes one per thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.until = 0.0

    @property
    def ongoing(self) -> bool:
        return time.monotonic() < self.until

    def begin(self, error: Exception) -> None:
        with self.lock:
            self.until = time.monotonic() + PROBE_AFTER_SECONDS
        logger.warning("the session cache is unavailable (%s); sessions are read from the "
                       "database for %.0f s", error, PROBE_AFTER_SECONDS)

    def end(self) -> None:
        """Ask Redis again at the next call (tests)."""
        self.until = 0.0


outage = _Outage()


class SessionRedisCache(BoundedCopies, RedisCache):
    """Session copies in Redis; Redis away reads as a miss (see the module's docstring)."""

    def get(self, key, default=None, version=None):
        if outage.ongoing:
            return default
        try:
            return super().get(key, default, version=version)
        except UNAVAILABLE as error:
            outage.begin(error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if outage.ongoing:
            return
        try:
            super().set(key, value, timeout, version=version)
        except UNAVAILABLE as error:
            outage.begin(error)

    def delete(self, key, version=None):
        if outage.ongoing:
            return False
        try:
            return super().delete(key, version=version)
        except UNAVAILABLE as error:
            outage.begin(error)
            return False

    def has_key(self, key, version=None):
        if outage.ongoing:
            return False
        try:
            return super().has_key(key, version=version)
        except UNAVAILABLE as error:
            outage.begin(error)
            return False
