"""A bounded gate around password checks: overload is answered at once, never queued.

One password check costs a large, fixed amount of CPU (Argon2). During a login storm a
process that accepted every login would queue them until the clients time out, and retries
would make it worse. Each process therefore lets at most ``PREAU_LOGIN_CONCURRENCY``
checks run at once and at most ``PREAU_LOGIN_QUEUE`` more wait, each for at most
``PREAU_LOGIN_QUEUE_WAIT_SECONDS``; any other login is answered 503 ``overloaded`` with
``Retry-After`` straight away, before any hashing.

The ``Retry-After`` of a shed login is drawn between ``PREAU_LOGIN_RETRY_AFTER_SECONDS`` and
three times that (2 to 6 s by default): with one same value for all, every client shed in a
surge came back in the same second and was shed again together.
"""

from __future__ import annotations

import os
import secrets
import threading
from contextlib import contextmanager

from django.conf import settings
from rest_framework.exceptions import APIException


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


class LoginOverloaded(APIException):
    status_code = 503
    default_code = "overloaded"
    default_detail = "Trop de connexions en cours. Réessayez dans quelques instants."

    def __init__(self, wait: int) -> None:
        super().__init__()
        self.wait = wait  # rendered as Retry-After by the exception handler


class _Gate:
    def __init__(self, running: int, waiting: int) -> None:
        self.size = (running, waiting)
        self.running = threading.BoundedSemaphore(running)
        self._count_lock = threading.Lock()
        self.admitted = 0  # logins running or waiting for a running slot

    def admit(self) -> bool:
        with self._count_lock:
            if self.admitted >= sum(self.size):
                return False
            self.admitted += 1
            return True

    def leave(self) -> None:
        with self._count_lock:
            self.admitted -= 1

    def full(self) -> bool:
        return self.admitted >= sum(self.size)


_lock = threading.Lock()
_gate: _Gate | None = None


def _settings() -> tuple[int, int, float, int]:
    running = getattr(settings, "PREAU_LOGIN_CONCURRENCY", None) or usable_cores()
    return (int(running), int(getattr(settings, "PREAU_LOGIN_QUEUE", 2)),
            float(getattr(settings, "PREAU_LOGIN_QUEUE_WAIT_SECONDS", 1.0)),
            int(getattr(settings, "PREAU_LOGIN_RETRY_AFTER_SECONDS", 2)))


def spread_retry_after(base: int) -> int:
    """A whole number of seconds between ``base`` and ``3 × base``, uniformly drawn."""
    return base + secrets.randbelow(2 * base + 1)


def _current_gate(running: int, waiting: int) -> _Gate:
    global _gate
    with _lock:
        if _gate is None or _gate.size != (running, waiting):
            _gate = _Gate(running, waiting)
        return _gate


def login_slots_full() -> bool:
    """True while every password-check slot of the process is taken (running or waiting):
    a login arriving now would be shed."""
    running, waiting, _wait, _retry = _settings()
    return _current_gate(running, waiting).full()


def shed_retry_after() -> int:
    return spread_retry_after(_settings()[3])


@contextmanager
def password_check_slot():
    """Hold one of the process's password-check slots, or raise ``LoginOverloaded``."""
    running, waiting, wait_seconds, retry_after = _settings()
    gate = _current_gate(running, waiting)
    if not gate.admit():
        raise LoginOverloaded(wait=spread_retry_after(retry_after))
    try:
        if not gate.running.acquire(timeout=wait_seconds):
            raise LoginOverloaded(wait=spread_retry_after(retry_after))
        try:
            yield
        finally:
            gate.running.release()
    finally:
        gate.leave()
