"""The only way events leave the server: after the transaction commits, to listed users.

Data is saved first; an event is a hint that the client should refresh. If the channel
layer is unreachable (Redis down, slow, misconfigured) the event is lost and logged —
never the data, and never the answer: sending is bounded by
``PREAU_LIVE_SEND_TIMEOUT_SECONDS`` and every error is swallowed after the commit.

Events go through the layer's public ``group_send``, one per recipient group. A layer that
talks to a server (the Redis layers) is used from a few event loops per process, each in
a thread of its own (``SendLoops``): their connections are opened once and reused,
whatever thread the request ran in — ``async_to_sync`` would make a new event loop per
call under a WSGI server, hence a new connection per event — and an event to many users
goes out over several connections at once. The in-memory layer (``make demo``, the
default test settings) is used with ``async_to_sync`` as before: its queues belong to the
event loop of the consumers.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import threading
import time
import zlib
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import transaction

logger = logging.getLogger("preau.realtime")

DEFAULT_SEND_TIMEOUT_SECONDS = 2.0


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    """The sockets opened with one session; named by a hash, never by the key itself."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


SESSION_END_MESSAGE = {"type": "session.end"}


def _timeout() -> float:
    return float(getattr(settings, "PREAU_LIVE_SEND_TIMEOUT_SECONDS",
                         DEFAULT_SEND_TIMEOUT_SECONDS))


# Sends to one Redis server are one round trip each through the layer's public API: a
# few loops, each with its own connection, send in parallel (a group always goes through the
# same loop, so that its messages keep their order).
SEND_LOOPS = 4


class SendLoops:
    """Event loops in daemon threads of this process, which run the layer's sends."""

    def __init__(self, count: int) -> None:
        self.pid = os.getpid()
        self.loops = [asyncio.new_event_loop() for _ in range(count)]
        for loop in self.loops:
            threading.Thread(target=loop.run_forever, name="preau-live-send",
                             daemon=True).start()

    def send(self, layer, batch: list[tuple[list[str], dict]], timeout: float) -> None:
        """Each message to its groups, spread over the loops by group; wait at most
        ``timeout`` seconds in all (then what is left is cancelled) and raise what a send
        raised."""
        shares: list[list[tuple[str, dict]]] = [[] for _ in self.loops]
        for groups, message in batch:
            for group in groups:
                shares[zlib.crc32(group.encode()) % len(self.loops)].append((group, message))
        futures = [asyncio.run_coroutine_threadsafe(_send_each(layer, share), loop)
                   for loop, share in zip(self.loops, shares, strict=True) if share]
        deadline = time.monotonic() + timeout
        try:
            for future in futures:
                future.result(max(0.0, deadline - time.monotonic()))
        finally:
            for future in futures:
                future.cancel()  # no-op for the finished ones


_send_loops: SendLoops | None = None
_send_loops_lock = threading.Lock()


def send_loops() -> SendLoops:
    """This process's send loops (a forked worker starts its own)."""
    global _send_loops
    with _send_loops_lock:
        if _send_loops is None or _send_loops.pid != os.getpid():
            _send_loops = SendLoops(SEND_LOOPS)
        return _send_loops


async def _send_each(layer, sends: list[tuple[str, dict]]) -> None:
    for group, message in sends:  # the layer serialises its sends to a server anyway
        await layer.group_send(group, message)


async def _send_bounded(layer, batch: list[tuple[list[str], dict]], timeout: float) -> None:
    sends = [(group, message) for groups, message in batch for group in groups]
    await asyncio.wait_for(_send_each(layer, sends), timeout=timeout)


def group_send_batch(layer, batch: list[tuple[list[str], dict]]) -> None:
    """Send each message to its groups, bounded in time; raises what the layer raises."""
    timeout = _timeout()
    if isinstance(layer, InMemoryChannelLayer):
        async_to_sync(_send_bounded)(layer, batch, timeout)
    else:
        send_loops().send(layer, batch, timeout)


def group_send_sync(layer, groups: list[str], message: dict) -> None:
    group_send_batch(layer, [(groups, message)])


def _send(events: list[tuple[dict, list[int]]]) -> None:
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        group_send_batch(layer, [([user_group(user_id) for user_id in user_ids],
                                  {"type": "event.push", "event": event})
                                 for event, user_ids in events])
    except Exception:  # a lost hint must never fail a committed write
        for event, user_ids in events:
            logger.warning("live event %s not delivered to %d user(s)", event.get("type"),
                           len(user_ids), exc_info=True)


def publish_on_commit(*, event: dict, user_ids: Iterable[int]) -> None:
    """Send ``event`` to each user's group once the current transaction has committed."""
    publish_many_on_commit([(event, user_ids)])


def publish_many_on_commit(events: Iterable[tuple[dict, Iterable[int]]]) -> None:
    """Several events of one write, sent together (one round trip to Redis) after commit."""
    batch = [(event, recipients) for event, user_ids in events
             if (recipients := sorted(set(user_ids)))]
    if batch:
        transaction.on_commit(lambda: _send(batch))


def _close(groups: list[str]) -> None:
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        group_send_sync(layer, groups, SESSION_END_MESSAGE)
    except Exception:  # the sockets still close at their next session re-check
        logger.warning("could not close %d socket group(s) at once", len(groups),
                       exc_info=True)


def close_sockets_on_commit(*, user_ids: Iterable[int] = (),
                            session_keys: Iterable[str] = ()) -> None:
    """Once the transaction has committed, close the open sockets of these users (all their
    sessions) or of these sessions only."""
    groups = [user_group(user_id) for user_id in sorted(set(user_ids))]
    groups += [session_group(key) for key in sorted(set(session_keys))]
    if groups:
        transaction.on_commit(lambda: _close(groups))
