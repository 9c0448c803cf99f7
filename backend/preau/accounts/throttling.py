"""The counters of the login, password-reset and activation throttles.

They live in the shared cache (``preau.common.shared_cache``), so that every worker counts
the same failures. When Redis is down or frozen, a login must neither fail (500) nor go
unlimited: the counters then fall back to a store of the process's own (bounded, in
memory) until Redis answers again.

While the fallback is in use each process counts on its own: an attacker spreading guesses
over N processes gets at most N times the limit, never an unlimited number.
"""

from preau.common.shared_cache import shared_cache as throttle_store

__all__ = ["throttle_store"]
