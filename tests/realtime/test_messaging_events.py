"""Messaging events through the whole ASGI application: the recipient hears, no one else."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from rest_framework.test import APIClient

from config.asgi import application
from tests.factories import UserFactory
from tests.realtime.servers import free_port
from tests.world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def connect(user) -> WebsocketCommunicator:
    cookie = await sync_to_async(session_cookie_for)(user)
    socket = WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", b"http://testserver"), (b"host", b"testserver"), (b"cookie", cookie.encode())])
    connected, _ = await socket.connect()
    assert connected
    return socket


def post_as(user, url: str, body: dict):
    client = APIClient()
    client.force_login(user)
    return client.post(url, body, format="json")


async def test_a_message_reaches_its_recipient_live_and_no_one_else():
    world = await sync_to_async(build_world)()
    teacher, guardian, other = (world.user("teacher"), world.user("guardian"),
                                world.user("guardian_other"))
    teacher_socket, other_socket = await connect(teacher), await connect(other)
    guardian_socket = await connect(guardian)

    response = await sync_to_async(post_as)(guardian, "/api/v1/messaging/conversations/", {
        "recipients": [teacher.pk], "subject": "Cantine", "body": "Léa mange à la cantine."})
    assert response.status_code == 201

    event = await teacher_socket.receive_json_from(timeout=3)
    assert event["type"] == "message.created"
    assert event["conversation_id"] == response.json()["conversations"][0]["id"]
    assert event["author_id"] == guardian.pk
    assert event["excerpt"] == "Léa mange à la cantine."
    assert await other_socket.receive_nothing(timeout=0.3)
    assert await guardian_socket.receive_nothing(timeout=0.1)  # the author is not told
    for socket in (teacher_socket, other_socket, guardian_socket):
        await socket.disconnect()


async def test_a_read_receipt_reaches_the_other_participant():
    world = await sync_to_async(build_world)()
    teacher, guardian = world.user("teacher"), world.user("guardian")
    response = await sync_to_async(post_as)(guardian, "/api/v1/messaging/conversations/", {
        "recipients": [teacher.pk], "subject": "Cantine", "body": "Bonjour"})
    conversation_id = response.json()["conversations"][0]["id"]
    guardian_socket = await connect(guardian)

    await sync_to_async(post_as)(teacher, f"/api/v1/messaging/conversations/{conversation_id}/read/",
                                 {})

    event = await guardian_socket.receive_json_from(timeout=3)
    assert (event["type"], event["user_id"]) == ("conversation.read", teacher.pk)
    await guardian_socket.disconnect()


async def test_a_client_that_writes_on_the_socket_is_disconnected():
    socket = await connect(await sync_to_async(UserFactory)())
    await socket.send_json_to({"type": "hello"})
    output = await socket.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4400}


async def test_a_socket_is_closed_once_its_session_has_ended(settings):
    settings.PREAU_LIVE_SESSION_RECHECK_SECONDS = 0
    world = await sync_to_async(build_world)()
    teacher, guardian = world.user("teacher"), world.user("guardian")
    socket = await connect(teacher)
    # the teacher logs out elsewhere: the session behind the socket is gone
    await sync_to_async(lambda: Session.objects.all().delete())()

    await sync_to_async(post_as)(guardian, "/api/v1/messaging/conversations/", {
        "recipients": [teacher.pk], "subject": "x", "body": "y"})

    assert await socket.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}



async def test_a_socket_is_refused_with_try_again_later_when_the_channel_layer_is_down():
    user = await sync_to_async(UserFactory)()
    cookie = await sync_to_async(session_cookie_for)(user)
    nowhere = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                           "CONFIG": {"hosts": [f"redis://127.0.0.1:{free_port()}/0"]}}}
    with override_settings(CHANNEL_LAYERS=nowhere):
        socket = WebsocketCommunicator(application, "/ws/events/", headers=[
            (b"origin", b"http://testserver"), (b"host", b"testserver"),
            (b"cookie", cookie.encode())])
        connected, _ = await socket.connect(timeout=5)
        closed = await socket.receive_output(timeout=5)
    # accepted, then closed "try again later": a close before accepting would reach the
    # browser as an HTTP 403, which reads as a refusal
    assert connected
    assert closed == {"type": "websocket.close", "code": 1013}
