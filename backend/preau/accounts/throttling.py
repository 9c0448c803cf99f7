"""The counters of the login, password-reset, activation and class-card throttles.

They live in the shared cache (``preau.common.shared_cache``), so that every worker counts
the same failures. When Redis is down or frozen, a login must neither fail (500) nor go
unlimited: the counters then fall back to a store of the process's own (bounded, in
memory) until Redis answers again.

While the fallback is in use each process counts on its own: an attacker spreading guesses
over N processes gets at most N times the limit, never an unlimited number.

A counter counts failures over a window that starts at its first failure (``<key>:start``
remembers when, for the ``Retry-After`` of the refusal).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rest_framework.exceptions import Throttled

from preau.common.shared_cache import shared_cache as throttle_store

__all__ = ["failures_record", "failures_refuse", "throttle_store"]


def failures_record(keys: Iterable[str], *, window: int) -> None:
    """Count one failure on each counter (the cache is not rolled back with a transaction)."""
    for key in keys:
        if throttle_store.add(key, 0, timeout=window):
            throttle_store.set(f"{key}:start", time.time(), timeout=window)
        try:
            throttle_store.incr(key)
        except ValueError:  # expired between add and incr
            throttle_store.set(key, 1, timeout=window)


def failures_refuse(limits: list[tuple[str, int]], *, window: int,
                    detail: str | None = None) -> None:
    """429 (``Throttled``, with the seconds left of that counter's window) when a counter
    reached its limit; ``limits`` pairs each counter with its limit."""
    counts = throttle_store.get_many([key for key, _limit in limits])
    for key, limit in limits:
        if counts.get(key, 0) >= limit:
            started = throttle_store.get(f"{key}:start")
            wait = window if started is None else max(1, int(started + window - time.time()))
            raise Throttled(wait=wait, detail=detail)
