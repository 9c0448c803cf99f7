"""Redis cost of live events: a constant number of Redis commands per recipient.

An announcement to a class reaches each guardian's group; with the channel layer that the
settings build from ``REDIS_URL`` (the production one), each recipient costs exactly one
Redis command (a PUBLISH) whatever the size of the class, and nothing else: the publishing
process keeps its connections (no HELLO or CLIENT SETINFO per event). The count is read from ``INFO commandstats`` on a private redis-server, so that a change which
adds a round trip per event or per recipient fails here (scenario 3 of ``make bench``
measures the same figure at département scale).
"""

from __future__ import annotations

import runpy

import pytest
import redis as redis_client
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import override_settings

from preau.realtime.publish import publish_on_commit
from tests.factories import UserFactory
from tests.realtime.servers import RedisServer
from tests.realtime.test_redis_outage import connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

BASE_SETTINGS = settings.BASE_DIR / "config" / "settings" / "base.py"


def production_layers(redis_url: str, monkeypatch) -> dict:
    """CHANNEL_LAYERS exactly as base.py builds them from REDIS_URL."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    return runpy.run_path(str(BASE_SETTINGS))["CHANNEL_LAYERS"]


def command_counts(conn: redis_client.Redis) -> dict[str, int]:
    stats = conn.info("commandstats")
    return {name.removeprefix("cmdstat_"): value["calls"] for name, value in stats.items()}


def commands_between(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    delta = {name: after[name] - before.get(name, 0) for name in after}
    delta.pop("info", None)  # our own INFO calls
    return {name: count for name, count in delta.items() if count}


def announce(user_ids: list[int]) -> None:
    from django.db import transaction

    with transaction.atomic():
        publish_on_commit(event={"type": "announcement.created", "announcement_id": 1,
                                 "title": "Sortie au musée"}, user_ids=user_ids)


async def redis_commands_to_reach(guardians: int, redis_url: str) -> dict[str, int]:
    users = [await sync_to_async(UserFactory)() for _ in range(guardians)]
    # An earlier event of the process opened its connections (nobody listening yet): one
    # per send loop, the loops sharing the users' groups.
    await sync_to_async(announce)([user.pk for user in users])
    sockets = [await connect(user) for user in users]
    counter = redis_client.Redis.from_url(redis_url)  # one connection, opened before counting
    try:
        before = await sync_to_async(command_counts)(counter)
        await sync_to_async(announce)([user.pk for user in users])
        for socket in sockets:  # every guardian got it
            event = await socket.receive_json_from(timeout=5)
            assert event["title"] == "Sortie au musée"
        after = await sync_to_async(command_counts)(counter)
    finally:
        counter.close()
        for socket in sockets:
            await socket.disconnect()
    return commands_between(before, after)


@pytest.mark.parametrize("guardians", [1, 40])
async def test_an_announcement_costs_one_redis_command_per_guardian_whatever_the_class_size(
    guardians, monkeypatch
):
    with RedisServer().start() as redis:
        layers = production_layers(redis.url, monkeypatch)
        with override_settings(CHANNEL_LAYERS=layers):
            commands = await redis_commands_to_reach(guardians, redis.url)
    # one PUBLISH per guardian, and nothing per event
    assert commands == {"publish": guardians}


async def test_with_two_redis_shards_each_guardian_gets_the_event_once_and_each_shard_its_share(
    monkeypatch
):
    # given two Redis servers in REDIS_URL: the layer spreads the users' groups over both
    with RedisServer().start() as first, RedisServer().start() as second:
        layers = production_layers(f"{first.url}, {second.url}", monkeypatch)
        with override_settings(CHANNEL_LAYERS=layers):
            users = [await sync_to_async(UserFactory)() for _ in range(12)]
            sockets = [await connect(user) for user in users]
            counters = [redis_client.Redis.from_url(server.url) for server in (first, second)]
            try:
                before = [await sync_to_async(command_counts)(c) for c in counters]
                # when one announcement reaches all twelve
                await sync_to_async(announce)([user.pk for user in users])
                # then every socket gets it, once
                for socket in sockets:
                    event = await socket.receive_json_from(timeout=5)
                    assert event["title"] == "Sortie au musée"
                    assert await socket.receive_nothing(timeout=0.05)
                after = [await sync_to_async(command_counts)(c) for c in counters]
            finally:
                for counter in counters:
                    counter.close()
                for socket in sockets:
                    await socket.disconnect()
    # and each shard published only its own users' share, both shards being used
    published = [commands_between(b, a).get("publish", 0)
                 for b, a in zip(before, after, strict=True)]
    assert sum(published) == 12
    assert all(published), published
