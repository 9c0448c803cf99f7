"""The only way events leave the server: after the transaction commits, to listed users.

Data is saved first; an event is a hint that the client should refresh. If the channel
layer is unreachable (Redis down, slow, misconfigured) the event is lost and logged —
never the data, and never the answer: sending is bounded by
``PREAU_LIVE_SEND_TIMEOUT_SECONDS`` and every error is swallowed after the commit.

With the production layer (``RedisPubSubChannelLayer``), a request publishes from its own
thread through one Redis connection pool per process: the message is serialised once and
all of an event's PUBLISHes (one per recipient) leave in one pipelined round trip. The
layer's own ``group_send`` needs an event loop, and ``async_to_sync`` makes a new one per
call, hence a new connection per event and one round trip per recipient: 450 sequential
round trips for a school announcement (docs/benchmarks-profiles.md, scenario 3). Other
layers (in memory, ``RedisChannelLayer``) go through ``group_send``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable

import redis
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from channels_redis.utils import _consistent_hash, decode_hosts
from django.conf import settings
from django.db import transaction

logger = logging.getLogger("preau.realtime")

DEFAULT_SEND_TIMEOUT_SECONDS = 2.0
# A layer host the publisher can reach the same way as the layer: an address and its timeouts.
SUPPORTED_HOST_KEYS = {"address", "socket_timeout", "socket_connect_timeout"}


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    """The sockets opened with one session; named by a hash, never by the key itself."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


SESSION_END_MESSAGE = {"type": "session.end"}


def _timeout() -> float:
    return float(getattr(settings, "PREAU_LIVE_SEND_TIMEOUT_SECONDS",
                         DEFAULT_SEND_TIMEOUT_SECONDS))


class PubSubPublisher:
    """Synchronous, pipelined ``group_send`` for a ``RedisPubSubChannelLayer``: the same
    channel names, shards and serialisation as the layer, so its consumers receive exactly
    what ``group_send`` would have sent them."""

    def __init__(self, layer: RedisPubSubChannelLayer, timeout: float) -> None:
        kwargs = dict(layer._kwargs)
        self.timeout = timeout
        self.prefix = kwargs.get("prefix", "asgi")
        self.serialize = layer.serialize
        self.clients = [
            redis.Redis.from_url(
                host["address"],
                socket_timeout=min(timeout, host.get("socket_timeout") or timeout),
                socket_connect_timeout=min(timeout,
                                           host.get("socket_connect_timeout") or timeout))
            for host in decode_hosts(kwargs.get("hosts"))
        ]

    @classmethod
    def supports(cls, layer) -> bool:
        if type(layer) is not RedisPubSubChannelLayer or layer._args:
            return False
        hosts = decode_hosts(layer._kwargs.get("hosts"))
        return all("address" in host and set(host) <= SUPPORTED_HOST_KEYS for host in hosts)

    def send(self, batch: list[tuple[list[str], dict]]) -> None:
        """Each message to its groups: one pipelined round trip per shard for the batch."""
        by_shard: dict[int, list[tuple[str, bytes]]] = defaultdict(list)
        for groups, message in batch:
            payload = self.serialize(message)
            for group in groups:
                channel = f"{self.prefix}__group__{group}"
                by_shard[_consistent_hash(channel, len(self.clients))].append((channel, payload))
        for shard, sends in by_shard.items():
            with self.clients[shard].pipeline(transaction=False) as pipe:
                for channel, payload in sends:
                    pipe.publish(channel, payload)
                pipe.execute()


_publishers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_publishers_lock = threading.Lock()


def _publisher(layer) -> PubSubPublisher | None:
    """One publisher (and connection pool) per layer and process, or None for layers that
    go through ``group_send``."""
    timeout = _timeout()
    with _publishers_lock:
        publisher = _publishers.get(layer, False)
        if publisher is False or (publisher is not None and publisher.timeout != timeout):
            publisher = (PubSubPublisher(layer, timeout)
                         if PubSubPublisher.supports(layer) else None)
            _publishers[layer] = publisher
        return publisher


async def _send_all(layer, batch: list[tuple[list[str], dict]]) -> None:
    for groups, message in batch:  # one shard connection per host: sends are serialised
        for group in groups:
            await layer.group_send(group, message)


async def _send_bounded(layer, batch: list[tuple[list[str], dict]], timeout: float) -> None:
    await asyncio.wait_for(_send_all(layer, batch), timeout=timeout)


def group_send_batch(layer, batch: list[tuple[list[str], dict]]) -> None:
    """Send each message to its groups, bounded in time; raises what the layer raises."""
    publisher = _publisher(layer)
    if publisher is not None:
        publisher.send(batch)
    else:
        async_to_sync(_send_bounded)(layer, batch, _timeout())


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
