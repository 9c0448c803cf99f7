"""Every request waits on PostgreSQL for a bounded time, even on a frozen server.

``statement_timeout`` is enforced by the server: a server that is frozen (a stuck host, a
paused VM, a process stopped by a signal) cancels nothing, and the kernel keeps the TCP
connection alive for it, so neither TCP keepalives nor ``tcp_user_timeout`` notice. A
query, a commit or the pool's health check would then wait for the whole outage.

Each request therefore gets a deadline (``PREAU_REQUEST_DATABASE_SECONDS`` after it
started). One watchdog thread per process watches the requests in flight: when one passes
its deadline, it shuts down the sockets of that request's open PostgreSQL connections.
psycopg then raises ``OperationalError`` where the request waits, and the request is
answered 503 ``database_unavailable`` with ``Retry-After`` like any other database outage
(``preau.common.exceptions``). New connections are bounded by libpq's ``connect_timeout``,
the pool's wait by its ``timeout`` (config/settings).
"""

from __future__ import annotations

import contextvars
import itertools
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Any

import psycopg

logger = logging.getLogger("preau.errors")

POLL_SECONDS = 0.1

# The deadline (time.monotonic()) of the request being served in this context, if any.
current_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "preau_request_database_deadline", default=None)


def shut_down_postgresql_socket(raw_connection: Any) -> bool:
    """Shut down the socket of a psycopg connection so that any wait on it ends at once."""
    pgconn = getattr(raw_connection, "pgconn", None)
    if pgconn is None or getattr(raw_connection, "closed", True):
        return False
    try:
        descriptor = pgconn.socket
    except Exception:  # the connection is already gone: nothing is waiting on it
        return False
    # shutdown() acts on the socket itself, whichever descriptor names it: a duplicate is
    # shut down and closed, psycopg's own descriptor stays valid (and reads end-of-file).
    with socket.socket(fileno=os.dup(descriptor)) as duplicate:
        try:
            duplicate.shutdown(socket.SHUT_RDWR)
        except OSError:
            return False
    return True


class Watchdog:
    """One thread per process; each watched block registers a deadline and a way to cut it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watched: dict[int, tuple[float, Callable[[], None]]] = {}
        self._numbers = itertools.count()
        self._thread: threading.Thread | None = None

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="preau-database-deadline",
                                            daemon=True)
            self._thread.start()

    @contextmanager
    def watch(self, *, deadline: float, cut: Callable[[], None]):
        number = next(self._numbers)
        with self._lock:
            self._watched[number] = (deadline, cut)
            self._ensure_thread()
        try:
            yield
        finally:
            with self._lock:
                self._watched.pop(number, None)

    def _run(self) -> None:
        while True:
            time.sleep(POLL_SECONDS)
            now = time.monotonic()
            with self._lock:
                expired = [(number, cut) for number, (deadline, cut) in self._watched.items()
                           if deadline <= now]
                for number, _cut in expired:
                    self._watched.pop(number, None)
            for _number, cut in expired:
                try:
                    cut()
                except Exception:  # the watchdog must outlive any one request
                    logger.exception("could not cut a request past its database deadline")


watchdog = Watchdog()


def _cut_connections(wrappers: Iterable[Any]) -> Callable[[], None]:
    def cut() -> None:
        for wrapper in wrappers:
            if (wrapper.vendor == "postgresql" and wrapper.connection is not None
                    and shut_down_postgresql_socket(wrapper.connection)):
                logger.error("request past its database deadline: connection %s cut",
                             wrapper.alias)
    return cut


@contextmanager
def request_deadline(*, seconds: float, wrappers: Iterable[Any]):
    """Within this block, the PostgreSQL connections of ``wrappers`` (Django's connection
    objects of this request) are cut once ``seconds`` have passed."""
    if seconds <= 0:
        yield
        return
    deadline = time.monotonic() + seconds
    token = current_deadline.set(deadline)
    try:
        with watchdog.watch(deadline=deadline, cut=_cut_connections(list(wrappers))):
            yield
    finally:
        current_deadline.reset(token)


class PoolConnection(psycopg.Connection):
    """The connections of the production pool (its ``connection_class``).

    Django runs its queries through cursors; the only statements run on the connection
    object itself are the pool's health check before each use (``ConnectionPool.
    check_connection``). Those are bounded by the request's deadline and by
    ``DB_CONNECT_TIMEOUT_SECONDS``, whichever comes first: the check happens before the
    request holds the connection, so the request's own watchdog cannot reach it."""

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        from django.conf import settings

        limit = time.monotonic() + float(getattr(settings, "DB_CONNECT_TIMEOUT_SECONDS", 3))
        request = current_deadline.get()
        deadline = min(limit, request) if request is not None else limit
        with watchdog.watch(deadline=deadline, cut=lambda: shut_down_postgresql_socket(self)):
            return super().execute(*args, **kwargs)
