"""The live bus on Redis: one subscription per process, back by itself after an outage.

A private redis-server, the production configuration built from its URL (base.py), the
sockets served in this process: what is asserted is what Redis sees (its clients) and what
a socket that never reconnected receives.
"""

from __future__ import annotations

import time

import pytest
import redis as redis_client
from asgiref.sync import sync_to_async
from django.db import transaction
from django.test import override_settings

from preau.realtime.bus import get_bus
from preau.realtime.publish import publish_on_commit
from tests.factories import UserFactory
from tests.realtime.servers import RedisServer
from tests.realtime.test_redis_commands import production_layers
from tests.realtime.test_redis_outage import connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

RESUBSCRIBE_SECONDS = 10


def announce(user_ids: list[int], title: str) -> None:
    with transaction.atomic():
        publish_on_commit(event={"type": "announcement.created", "announcement_id": 1,
                                 "title": title}, user_ids=user_ids)


def subscription_connections(url: str) -> int:
    """Connections of the Redis server that are subscribed to at least one channel."""
    conn = redis_client.Redis.from_url(url)
    try:
        return sum(1 for client in conn.client_list() if int(client["sub"]) > 0)
    finally:
        conn.close()


async def test_the_sockets_of_a_process_share_one_redis_subscription(monkeypatch):
    redis = RedisServer().start()
    try:
        with override_settings(CHANNEL_LAYERS=production_layers(redis.url, monkeypatch)):
            users = [await sync_to_async(UserFactory)() for _ in range(15)]
            sockets = [await connect(user) for user in users]
            try:
                # fifteen sockets, two channels each (user and session): one connection
                assert await sync_to_async(subscription_connections)(redis.url) == 1
                await sync_to_async(announce)([user.pk for user in users], "Kermesse")
                for socket in sockets:
                    assert (await socket.receive_json_from(timeout=5))["title"] == "Kermesse"
                    assert await socket.receive_nothing(timeout=0.05)
            finally:
                for socket in sockets:
                    await socket.disconnect()
            # the channels nobody listens to any more are given back
            channels = await sync_to_async(
                lambda: redis_client.Redis.from_url(redis.url).pubsub_channels())()
            assert channels == []
    finally:
        redis.stop()


async def test_an_open_socket_hears_events_again_once_redis_is_back(monkeypatch):
    redis = RedisServer().start()
    try:
        with override_settings(CHANNEL_LAYERS=production_layers(redis.url, monkeypatch)):
            user = await sync_to_async(UserFactory)()
            socket = await connect(user)
            await sync_to_async(announce)([user.pk], "Avant")
            assert (await socket.receive_json_from(timeout=5))["title"] == "Avant"

            # Redis stops, then starts again (empty: it knows no subscription any more)
            redis.stop()
            await sync_to_async(announce)([user.pk], "Perdu")  # lost, and logged
            redis.start()

            # the same socket, never reconnected, hears the next events
            deadline, heard = time.monotonic() + RESUBSCRIBE_SECONDS, None
            while heard is None and time.monotonic() < deadline:
                await sync_to_async(announce)([user.pk], "Après")
                if not await socket.receive_nothing(timeout=0.5):  # something arrived
                    heard = await socket.receive_json_from(timeout=1)
            assert heard is not None
            assert heard["title"] == "Après"
            assert get_bus().prefix in (await sync_to_async(
                lambda: redis_client.Redis.from_url(redis.url).pubsub_channels())())[0].decode()
            await socket.disconnect()
    finally:
        redis.stop()
