"""The live-event bus: channel names of our own, a publisher and a subscription per process.

Two implementations behind the same four calls (``publish_many``, ``apublish``,
``subscribe``, ``unsubscribe``):

- ``RedisBus`` (``REDIS_URL`` set): Redis pub/sub through redis-py, documented API only.
  Publishing is synchronous (it runs after a request's commit, in the request's thread):
  every message of a write goes out in one pipelined round trip per Redis server, over one
  connection pool per process and server. Receiving is asynchronous: one subscription
  connection per event loop and server, shared by every socket of the process; each socket
  registers an ``Inbox`` under its channels, and the listener hands each message to the
  inboxes of its channel. After a Redis outage the listener reconnects with backoff and
  redis-py subscribes the connection again to every channel it held.
- ``LocalBus`` (no Redis: ``make demo``, the SQLite tests): the same delivery inside one
  process.

Channel names are ``<prefix>:live:user:<id>`` and ``<prefix>:live:session:<hash>``, under the
deployment's prefix (``PREAU_CHANNEL_PREFIX``, see docs/operations.md): Redis pub/sub ignores
the database number, so two deployments on one server must not share names. A channel
always lives on the same Redis server (CRC32 of its name modulo the number of servers).

The Redis servers and the prefix are read from ``CHANNEL_LAYERS["default"]`` (``CONFIG``:
``hosts`` and ``prefix``), which the settings build from ``REDIS_URL``; an in-memory or
absent configuration gives the ``LocalBus``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import redis
import redis.asyncio
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger("preau.realtime")

# How long a socket waits for Redis to confirm its subscription before giving up (1013).
SUBSCRIBE_CONFIRM_SECONDS = 3.0
# The listener's pause between two reconnection attempts after an outage, at most.
RECONNECT_BACKOFF_SECONDS = (0.1, 1.0)


def encode(message: dict) -> str:
    return json.dumps(message, cls=DjangoJSONEncoder, separators=(",", ":"))


class Inbox:
    """The messages of one socket, on its event loop, in the order they arrived."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[dict] = asyncio.Queue()

    def deliver_threadsafe(self, message: dict) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, message)


# --- In-process bus ----------------------------------------------------------------------


class LocalBus:
    """Delivery inside one process, from any thread, to the inboxes of any event loop."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.lock = threading.Lock()
        self.inboxes: dict[str, set[Inbox]] = {}

    def publish_many(self, messages: Iterable[tuple[str, dict]]) -> None:
        with self.lock:
            targets = [(list(self.inboxes.get(channel, ())), message)
                       for channel, message in messages]
        for inboxes, message in targets:
            for inbox in inboxes:
                if not inbox.loop.is_closed():
                    inbox.deliver_threadsafe(message)

    async def apublish(self, channel: str, message: dict) -> None:
        self.publish_many([(channel, message)])

    async def subscribe(self, channels: list[str], inbox: Inbox) -> None:
        with self.lock:
            for channel in channels:
                self.inboxes.setdefault(channel, set()).add(inbox)

    async def unsubscribe(self, channels: list[str], inbox: Inbox) -> None:
        with self.lock:
            for channel in channels:
                holders = self.inboxes.get(channel)
                if holders is not None:
                    holders.discard(inbox)
                    if not holders:
                        del self.inboxes[channel]


# --- Redis bus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RedisHost:
    url: str
    socket_timeout: float | None = None
    socket_connect_timeout: float | None = None


def _retry_once() -> Retry:
    # One immediate retry (a pooled connection that Redis closed meanwhile), never a
    # backoff: a dead Redis must cost a request at most its socket timeouts.
    return Retry(NoBackoff(), 1)


def _async_retry_once() -> AsyncRetry:
    return AsyncRetry(NoBackoff(), 1)


@dataclass
class _Shard:
    """One Redis server's subscription connection, on one event loop."""

    client: redis.asyncio.Redis
    pubsub: redis.asyncio.client.PubSub
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    listener: asyncio.Task | None = None
    confirmations: dict[str, list[asyncio.Future]] = field(default_factory=dict)


class _LoopSubscriber:
    """The subscriptions of every socket of one event loop, one connection per server."""

    def __init__(self, hosts: tuple[RedisHost, ...]) -> None:
        self.loop = asyncio.get_running_loop()
        self.shards: list[_Shard] = []
        for host in hosts:
            # The subscription connection waits for messages without a read timeout; the
            # connect timeout still bounds a handshake against a dead server.
            client = redis.asyncio.Redis.from_url(
                host.url, socket_connect_timeout=host.socket_connect_timeout,
                socket_timeout=host.socket_timeout, retry=_async_retry_once())
            self.shards.append(_Shard(client=client, pubsub=client.pubsub()))
        self.inboxes: dict[str, set[Inbox]] = {}
        # Sockets still setting up, per channel: their channels are never unsubscribed.
        self.joining: dict[str, int] = {}

    async def subscribe(self, shard: _Shard, channels: list[str]) -> None:
        """Subscribe the shard's connection; return once Redis has confirmed."""
        waiting = [self.loop.create_future() for _ in channels]
        async with shard.lock:
            for channel, future in zip(channels, waiting, strict=True):
                shard.confirmations.setdefault(channel, []).append(future)
            try:
                await shard.pubsub.subscribe(*channels)
            except BaseException:
                self._forget(shard, channels, waiting)
                raise
            if shard.listener is None or shard.listener.done():
                shard.listener = self.loop.create_task(self._listen(shard))
        try:
            async with asyncio.timeout(SUBSCRIBE_CONFIRM_SECONDS):
                await asyncio.gather(*waiting)
        finally:
            self._forget(shard, channels, waiting)

    @staticmethod
    def _forget(shard: _Shard, channels: list[str], futures: list[asyncio.Future]) -> None:
        for channel, future in zip(channels, futures, strict=True):
            pending = shard.confirmations.get(channel, [])
            if future in pending:
                pending.remove(future)
            if not pending:
                shard.confirmations.pop(channel, None)

    def unused(self, channel: str) -> bool:
        return not self.inboxes.get(channel) and not self.joining.get(channel)

    async def unsubscribe(self, shard: _Shard, channels: list[str]) -> None:
        async with shard.lock:
            # Decided under the lock: a socket that started joining meanwhile keeps them.
            unused = [channel for channel in channels if self.unused(channel)]
            if unused:
                await shard.pubsub.unsubscribe(*unused)

    async def _listen(self, shard: _Shard) -> None:
        backoff = RECONNECT_BACKOFF_SECONDS[0]
        while True:
            try:
                message = await shard.pubsub.get_message(timeout=None)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # connection lost: reconnect, redis-py resubscribes
                self._fail_confirmations(shard, error)
                logger.warning("live subscription lost (%s); reconnecting", error)
                while True:
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, RECONNECT_BACKOFF_SECONDS[1])
                    try:
                        async with shard.lock:
                            await shard.pubsub.connect()
                    except asyncio.CancelledError:
                        raise
                    except Exception as retry_error:
                        logger.debug("live subscription still down: %s", retry_error)
                        continue
                    logger.info("live subscription back")
                    break
                continue
            backoff = RECONNECT_BACKOFF_SECONDS[0]
            if message is None:
                continue
            self._handle(shard, message)

    def _handle(self, shard: _Shard, message: dict) -> None:
        kind = message["type"]
        channel = message["channel"]
        if isinstance(channel, bytes):
            channel = channel.decode()
        if kind == "subscribe":
            for future in shard.confirmations.pop(channel, []):
                if not future.done():
                    future.set_result(None)
        elif kind == "message":
            inboxes = self.inboxes.get(channel)
            if not inboxes:
                return
            try:
                data = json.loads(message["data"])
            except ValueError:
                logger.warning("unreadable live message on %s dropped", channel)
                return
            for inbox in list(inboxes):
                inbox.queue.put_nowait(data)

    @staticmethod
    def _fail_confirmations(shard: _Shard, error: BaseException) -> None:
        for futures in shard.confirmations.values():
            for future in futures:
                if not future.done():
                    future.set_exception(ConnectionError(str(error)))
        shard.confirmations.clear()


class RedisBus:
    """Redis pub/sub through redis-py; see the module's docstring."""

    def __init__(self, hosts: tuple[RedisHost, ...], prefix: str) -> None:
        self.hosts = hosts
        self.prefix = prefix
        self._pid: int | None = None
        self._clients: list[redis.Redis] = []
        self._clients_lock = threading.Lock()
        self._subscribers: dict[asyncio.AbstractEventLoop, _LoopSubscriber] = {}
        self._async_clients: dict[asyncio.AbstractEventLoop, list[redis.asyncio.Redis]] = {}

    def shard_of(self, channel: str) -> int:
        return zlib.crc32(channel.encode()) % len(self.hosts)

    # Publishing, synchronous: one pipelined round trip per server.

    def clients(self) -> list[redis.Redis]:
        """This process's clients, one connection pool per server (a fork starts anew)."""
        with self._clients_lock:
            if self._pid != os.getpid():
                self._clients = [redis.Redis.from_url(
                    host.url, socket_timeout=host.socket_timeout,
                    socket_connect_timeout=host.socket_connect_timeout,
                    retry=_retry_once()) for host in self.hosts]
                self._pid = os.getpid()
            return self._clients

    def publish_many(self, messages: Iterable[tuple[str, dict]]) -> None:
        """Publish each message to its channel; raises what redis-py raises. A message
        object given for several channels is encoded once."""
        clients = self.clients()
        shares: dict[int, list[tuple[str, str]]] = {}
        encoded: dict[int, str] = {}
        for channel, message in messages:
            body = encoded.get(id(message))
            if body is None:
                body = encoded[id(message)] = encode(message)
            shares.setdefault(self.shard_of(channel), []).append((channel, body))
        for index, share in shares.items():
            with clients[index].pipeline(transaction=False) as pipe:
                for channel, body in share:
                    pipe.publish(channel, body)
                pipe.execute()

    async def apublish(self, channel: str, message: dict) -> None:
        loop = asyncio.get_running_loop()
        clients = self._async_clients.get(loop)
        if clients is None:
            self._drop_closed_loops()
            clients = self._async_clients[loop] = [redis.asyncio.Redis.from_url(
                host.url, socket_timeout=host.socket_timeout,
                socket_connect_timeout=host.socket_connect_timeout,
                retry=_async_retry_once()) for host in self.hosts]
        await clients[self.shard_of(channel)].publish(channel, encode(message))

    # Receiving, asynchronous: one subscription per event loop and server.

    def _subscriber(self) -> _LoopSubscriber:
        loop = asyncio.get_running_loop()
        subscriber = self._subscribers.get(loop)
        if subscriber is None:
            self._drop_closed_loops()
            subscriber = self._subscribers[loop] = _LoopSubscriber(self.hosts)
        return subscriber

    def _drop_closed_loops(self) -> None:
        for loop in [loop for loop in self._subscribers if loop.is_closed()]:
            del self._subscribers[loop]
        for loop in [loop for loop in self._async_clients if loop.is_closed()]:
            del self._async_clients[loop]

    async def subscribe(self, channels: list[str], inbox: Inbox) -> None:
        """Register ``inbox`` under ``channels``; raises (and registers nothing) when Redis
        cannot confirm the subscription."""
        subscriber = self._subscriber()
        new: dict[int, list[str]] = {}
        for channel in channels:
            if not subscriber.inboxes.get(channel):
                new.setdefault(self.shard_of(channel), []).append(channel)
            subscriber.joining[channel] = subscriber.joining.get(channel, 0) + 1
        try:
            for index, share in new.items():
                await subscriber.subscribe(subscriber.shards[index], share)
        except BaseException:
            self._joined(subscriber, channels)
            await self._release(subscriber, [c for share in new.values() for c in share])
            raise
        for channel in channels:
            subscriber.inboxes.setdefault(channel, set()).add(inbox)
        self._joined(subscriber, channels)

    @staticmethod
    def _joined(subscriber: _LoopSubscriber, channels: list[str]) -> None:
        for channel in channels:
            subscriber.joining[channel] -= 1
            if not subscriber.joining[channel]:
                del subscriber.joining[channel]

    async def unsubscribe(self, channels: list[str], inbox: Inbox) -> None:
        subscriber = self._subscriber()
        emptied = []
        for channel in channels:
            holders = subscriber.inboxes.get(channel)
            if holders is not None:
                holders.discard(inbox)
                if not holders:
                    del subscriber.inboxes[channel]
                    emptied.append(channel)
        await self._release(subscriber, emptied)

    async def _release(self, subscriber: _LoopSubscriber, channels: list[str]) -> None:
        """Unsubscribe the connection from channels no socket of this loop listens to."""
        shares: dict[int, list[str]] = {}
        for channel in channels:
            if subscriber.unused(channel):
                shares.setdefault(self.shard_of(channel), []).append(channel)
        for index, share in shares.items():
            try:
                await subscriber.unsubscribe(subscriber.shards[index], share)
            except Exception:  # Redis unreachable: a stray subscription, dropped on arrival
                logger.info("could not unsubscribe %d live channel(s)", len(share),
                            exc_info=True)


# --- The bus of the current settings ------------------------------------------------------

_buses: dict[tuple, LocalBus | RedisBus] = {}
_buses_lock = threading.Lock()


def _configuration() -> tuple[tuple[RedisHost, ...], str]:
    layer = getattr(settings, "CHANNEL_LAYERS", {}).get("default", {})
    config = layer.get("CONFIG", {}) if "redis" in layer.get("BACKEND", "").lower() else {}
    hosts = []
    for host in config.get("hosts", ()):
        if isinstance(host, str):
            hosts.append(RedisHost(url=host))
        else:
            hosts.append(RedisHost(url=host["address"],
                                   socket_timeout=host.get("socket_timeout"),
                                   socket_connect_timeout=host.get("socket_connect_timeout")))
    prefix = config.get("prefix") or getattr(settings, "PREAU_CHANNEL_PREFIX", "preau")
    return tuple(hosts), prefix


def get_bus() -> LocalBus | RedisBus:
    """The bus of the current settings (one per configuration, shared by the process)."""
    key = _configuration()
    bus = _buses.get(key)
    if bus is None:
        with _buses_lock:
            bus = _buses.get(key)
            if bus is None:
                hosts, prefix = key
                bus = _buses[key] = RedisBus(hosts, prefix) if hosts else LocalBus(prefix)
    return bus
