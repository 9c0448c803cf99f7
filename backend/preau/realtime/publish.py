"""The only way events leave the server: after the transaction commits, to listed users.

Data is saved first; an event is a hint that the client should refresh. If the channel
layer is unreachable (Redis down, slow, misconfigured) the event is lost and logged —
never the data, and never the answer: sending is bounded by
``PREAU_LIVE_SEND_TIMEOUT_SECONDS`` and every error is swallowed after the commit.

Events go through the layer's public ``group_send``, one per recipient group. A layer that
talks to a server (the Redis layers) is used from one event loop per process, kept in a
thread of its own (``SendLoop``): its connections are opened once and reused, whatever
thread the request ran in — ``async_to_sync`` would make a new event loop per call under
a WSGI server, hence a new connection per event. The in-memory layer (``make demo``, the
default test settings) is used with ``async_to_sync`` as before: its queues belong to the
event loop of the consumers.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import threading
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


class SendLoop:
    """An event loop in a daemon thread of this process, which runs the layer's sends."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="preau-live-send",
                         daemon=True).start()

    def run(self, coroutine, timeout: float) -> None:
        """Run ``coroutine`` there; wait for it at most ``timeout`` seconds (then it is
        cancelled) and raise what it raised."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise


_send_loop: SendLoop | None = None
_send_loop_lock = threading.Lock()


def send_loop() -> SendLoop:
    """This process's send loop (a forked worker starts its own)."""
    global _send_loop
    with _send_loop_lock:
        if _send_loop is None or _send_loop.pid != os.getpid():
            _send_loop = SendLoop()
        return _send_loop


async def _send_all(layer, batch: list[tuple[list[str], dict]]) -> None:
    for groups, message in batch:  # the layer serialises its sends to a host anyway
        for group in groups:
            await layer.group_send(group, message)


async def _send_bounded(layer, batch: list[tuple[list[str], dict]], timeout: float) -> None:
    await asyncio.wait_for(_send_all(layer, batch), timeout=timeout)


def group_send_batch(layer, batch: list[tuple[list[str], dict]]) -> None:
    """Send each message to its groups, bounded in time; raises what the layer raises."""
    timeout = _timeout()
    if isinstance(layer, InMemoryChannelLayer):
        async_to_sync(_send_bounded)(layer, batch, timeout)
    else:
        send_loop().run(_send_all(layer, batch), timeout)


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
