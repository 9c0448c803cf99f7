"""Two ASGI worker processes on one Redis: a client of the first hears what the second saved."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import connect

from tests.realtime.servers import AsgiServer, RedisServer, database_url_for_servers
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def post_json(base: str, path: str, body: dict, *, session: str) -> tuple[int, dict]:
    """POST as a browser would: session cookie, CSRF cookie and header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    request = urllib.request.Request(  # noqa: S310 (http on 127.0.0.1 only)
        f"{base}/api/v1/accounts/csrf/", headers={"Cookie": cookie})
    with opener.open(request, timeout=10) as response:
        token = json.load(response)["csrf_token"]
    csrf_cookie = next(c.value for c in jar if c.name == settings.CSRF_COOKIE_NAME)
    request = urllib.request.Request(  # noqa: S310 (http on 127.0.0.1 only)
        f"{base}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-CSRFToken": token,
                 "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf_cookie}"})
    with opener.open(request, timeout=10) as response:
        return response.status, json.load(response)


async def first_event(server: AsgiServer, session: str, action, timeout: float = 10.0) -> dict:
    async with connect(
        f"ws://127.0.0.1:{server.port}/ws/events/", origin=server.base,
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
        open_timeout=10,
    ) as socket:
        result = await asyncio.to_thread(action)
        event = json.loads(await asyncio.wait_for(socket.recv(), timeout=timeout))
        return {"event": event, "result": result}


def test_a_message_posted_through_one_worker_reaches_a_client_of_the_other(tmp_path):
    # given a school, a teacher and a guardian with open sessions, in the test database
    world = build_world()
    teacher, guardian = world.user("teacher"), world.user("guardian")
    teacher_session, guardian_session = session_of(teacher), session_of(guardian)
    database_url = database_url_for_servers(tmp_path)

    # and two worker processes sharing one Redis
    with RedisServer() as redis, \
            AsgiServer(database_url=database_url, redis_url=redis.url,
                       var_dir=tmp_path / "a") as first, \
            AsgiServer(database_url=database_url, redis_url=redis.url,
                       var_dir=tmp_path / "b") as second:
        # when the teacher listens on the first and the guardian posts through the second
        outcome = asyncio.run(first_event(first, teacher_session, lambda: post_json(
            second.base, "/api/v1/messaging/conversations/",
            {"recipients": [teacher.pk], "subject": "Sortie", "body": "Léa viendra."},
            session=guardian_session)))

    # then the message was saved by the second and pushed to the teacher by the first
    status, body = outcome["result"]
    assert status == 201
    event = outcome["event"]
    assert event["type"] == "message.created"
    assert event["conversation_id"] == body["conversations"][0]["id"]
    assert event["author_id"] == guardian.pk
    assert event["excerpt"] == "Léa viendra."
