"""Data first: with Redis stopped mid-conversation every message is saved and answered 201;
once Redis is back, a reconnecting client catches up on all of them with ``?after=``."""

from __future__ import annotations

import logging
import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.test import APIClient

from config.asgi import application
from preau.messaging.models import Message
from tests.realtime.servers import RedisServer
from tests.world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

OUTAGE_MESSAGES = 20


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def connect(user) -> WebsocketCommunicator:
    cookie = await sync_to_async(session_cookie_for)(user)
    socket = WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", b"http://testserver"), (b"host", b"testserver"), (b"cookie", cookie.encode())])
    connected, _ = await socket.connect(timeout=5)
    assert connected
    return socket


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def test_messages_posted_while_redis_is_down_are_all_saved_and_caught_up():
    lost = Recorder()
    logging.getLogger("preau.realtime").addHandler(lost)
    redis = RedisServer().start()
    layers = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                          "CONFIG": {"hosts": [redis.url], "prefix": "preau-outage"}}}
    try:
        with override_settings(CHANNEL_LAYERS=layers):
            world = await sync_to_async(build_world)()
            teacher, guardian = world.user("teacher"), world.user("guardian")
            guardian_api = await sync_to_async(client_of)(guardian)
            teacher_api = await sync_to_async(client_of)(teacher)

            # given a conversation, live: the teacher hears the first message
            socket = await connect(teacher)
            response = await sync_to_async(guardian_api.post)(
                "/api/v1/messaging/conversations/",
                {"recipients": [teacher.pk], "subject": "Sortie", "body": "Bonjour"},
                format="json")
            assert response.status_code == 201
            conversation_id = response.json()["conversations"][0]["id"]
            first = await socket.receive_json_from(timeout=5)
            last_seen = first["message_id"]
            messages = f"/api/v1/messaging/conversations/{conversation_id}/messages/"

            # when Redis stops and the guardian sends 20 messages
            redis.stop()
            statuses = []
            started = time.monotonic()
            for number in range(1, OUTAGE_MESSAGES + 1):
                reply = await sync_to_async(guardian_api.post)(
                    messages, {"body": f"Message {number}"}, format="json")
                statuses.append(reply.status_code)
            elapsed = time.monotonic() - started

            # then every one was answered 201 and stored; the events were lost, and logged
            assert statuses == [201] * OUTAGE_MESSAGES
            stored = await sync_to_async(
                Message.objects.filter(conversation_id=conversation_id, pk__gt=last_seen).count)()
            assert stored == OUTAGE_MESSAGES
            assert elapsed < OUTAGE_MESSAGES * 2.5  # each send is bounded, never hangs
            assert sum("not delivered" in m for m in lost.messages) == OUTAGE_MESSAGES
            await socket.disconnect()

            # when Redis is back and the teacher's client reconnects and catches up
            redis.start()
            socket = await connect(teacher)
            caught_up = await sync_to_async(teacher_api.get)(messages, {"after": last_seen})
            bodies = [m["body"] for m in caught_up.json()["results"]]
            assert bodies == [f"Message {n}" for n in range(1, OUTAGE_MESSAGES + 1)]

            # and live delivery works again
            await sync_to_async(guardian_api.post)(messages, {"body": "De retour"},
                                                   format="json")
            event = await socket.receive_json_from(timeout=5)
            assert event["type"] == "message.created"
            assert event["message_id"] > caught_up.json()["results"][-1]["id"]
            await socket.disconnect()
    finally:
        redis.stop()
        logging.getLogger("preau.realtime").removeHandler(lost)
