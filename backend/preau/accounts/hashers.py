"""Argon2 on one lane, run at a low CPU priority: overload answers keep the CPU.

Django's ``Argon2PasswordHasher`` uses 8 lanes, which argon2 runs on 8 threads: on a busy
core they take the CPU from every other thread of the process — including the ones that
answer "overloaded" at once (preau/accounts/gate.py), which then queue behind the hashing
until clients time out. Here a check keeps Django's memory and time cost on one lane, and
runs on a few hashing threads niced below the request threads: when both want the CPU,
the quick answers go first and hashing takes what is left (measured in
docs/benchmarks-live.md). Hashes made with other parameters still verify and are
rehashed at the next login (``must_update``).
"""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import hashers

from preau.accounts.gate import usable_cores

HASHING_NICENESS = 10
_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def _lower_priority() -> None:
    # On Linux the niceness of PRIO_PROCESS <thread id> is the thread's own; elsewhere the
    # hashing threads keep the requests' priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


def _hashing_pool() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=usable_cores(),
                                       thread_name_prefix="password-hash",
                                       initializer=_lower_priority)
        return _pool


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    parallelism = 1

    def encode(self, password, salt):
        return _hashing_pool().submit(super().encode, password, salt).result()

    def verify(self, password, encoded):
        return _hashing_pool().submit(super().verify, password, encoded).result()
