"""Two ASGI worker processes on one Redis: a client of the first hears what the second saved."""

from __future__ import annotations

import asyncio
import contextlib
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


async def events_on_both(first: AsgiServer, second: AsgiServer, session: str, action,
                         quiet: float = 2.0) -> dict:
    """The same user listens on both servers; ``action`` runs; what each socket received."""
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    async with connect(f"ws://127.0.0.1:{first.port}/ws/events/", origin=first.base,
                       additional_headers=headers, open_timeout=10) as on_first, \
            connect(f"ws://127.0.0.1:{second.port}/ws/events/", origin=second.base,
                    additional_headers=headers, open_timeout=10) as on_second:
        result = await asyncio.to_thread(action)
        received = {"first": [], "second": [json.loads(await asyncio.wait_for(
            on_second.recv(), timeout=10))]}
        with contextlib.suppress(TimeoutError):  # nothing came: what the test wants
            received["first"].append(json.loads(await asyncio.wait_for(on_first.recv(),
                                                                       timeout=quiet)))
        return {"received": received, "result": result}


def test_two_deployments_on_one_redis_server_never_hear_each_others_events(tmp_path):
    # given one database's users (the same ids exist in both deployments)
    world = build_world()
    teacher, guardian = world.user("teacher"), world.user("guardian")
    teacher_session, guardian_session = session_of(teacher), session_of(guardian)
    database_url = database_url_for_servers(tmp_path)

    # and two deployments on one Redis server, each given its own Redis database number
    # (pub/sub ignores it), with the default channel prefix
    with RedisServer() as redis:
        base_url = redis.url.rsplit("/", 1)[0]
        with AsgiServer(database_url=database_url, redis_url=f"{base_url}/0",
                        var_dir=tmp_path / "a") as deployment_a, \
                AsgiServer(database_url=database_url, redis_url=f"{base_url}/1",
                           var_dir=tmp_path / "b") as deployment_b:
            # when the teacher's id listens on both and a message is posted in deployment B
            outcome = asyncio.run(events_on_both(
                deployment_a, deployment_b, teacher_session, lambda: post_json(
                    deployment_b.base, "/api/v1/messaging/conversations/",
                    {"recipients": [teacher.pk], "subject": "Sortie", "body": "Léa viendra."},
                    session=guardian_session)))

    # then deployment B's socket got it, and deployment A's socket got nothing
    status, _body = outcome["result"]
    assert status == 201
    assert [event["type"] for event in outcome["received"]["second"]] == ["message.created"]
    assert outcome["received"]["first"] == []
