"""A socket opened while Redis is down is told "try again later" (1013), not refused (403).

A real server (uvicorn) and a real client (websockets), so that what is asserted is what a
browser meets: the handshake's HTTP status or the close code.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from django.conf import settings
from django.test import Client

from tests.realtime.servers import (
    AsgiServer,
    RedisServer,
    database_url_for_servers,
    socket_outcome,
)
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

RECOVERY_SECONDS = 20


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_a_socket_opened_while_redis_is_down_is_told_to_try_again_later(tmp_path, fault_report):
    world = build_world()
    cookie = session_cookie_for(world.user("guardian"))
    database_url = database_url_for_servers(tmp_path)
    redis = RedisServer().start()
    try:
        with AsgiServer(database_url=database_url, redis_url=redis.url,
                        var_dir=tmp_path / "server") as server:
            before = asyncio.run(socket_outcome(server, cookie))

            redis.stop()
            started = time.monotonic()
            during = asyncio.run(socket_outcome(server, cookie))
            seconds_to_answer = time.monotonic() - started

            redis.start()
            restarted, after = time.monotonic(), None
            while after != "open" and time.monotonic() - restarted < RECOVERY_SECONDS:
                after = asyncio.run(socket_outcome(server, cookie))
    finally:
        redis.stop()

    assert before == "open"
    assert during == 1013
    assert seconds_to_answer < 5
    assert after == "open"
    fault_report("socket handshake while redis is stopped", close_code_during=during,
                 seconds_to_answer=seconds_to_answer,
                 seconds_until_a_socket_opens_again=time.monotonic() - restarted)
