"""New homework reaches the families live; a tick reaches the teacher live."""

from datetime import date

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from preau.homework.services import homework_create, homework_mark_done
from tests.world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def socket_for(user) -> WebsocketCommunicator:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", b"http://testserver"), (b"host", b"testserver"),
        (b"cookie", cookie.encode())])


async def test_homework_then_a_tick_travel_live_to_the_right_people():
    world = await sync_to_async(build_world)()
    sockets = {role: await sync_to_async(socket_for)(world.user(role))
               for role in ("guardian", "guardian_other", "teacher", "teacher_other")}
    for socket in sockets.values():
        assert (await socket.connect())[0]

    homework = await sync_to_async(homework_create)(
        actor=world.user("teacher"), classroom=world.classrooms["A1"], subject="francais",
        instructions="Lire p. 12", due_date=date(2026, 11, 27))

    event = await sockets["guardian"].receive_json_from(timeout=3)
    assert (event["type"], event["change"], event["homework_id"]) == (
        "homework.changed", "created", homework.pk)
    assert (await sockets["teacher"].receive_json_from(timeout=3))["type"] == "homework.changed"
    assert await sockets["guardian_other"].receive_nothing(timeout=0.3)

    await sync_to_async(homework_mark_done)(actor=world.user("pupil"), homework=homework,
                                            pupil_id=world.pupils["A1"].pk, done=True)
    tick = await sockets["teacher"].receive_json_from(timeout=3)
    assert (tick["type"], tick["done_count"]) == ("homework.done", 1)
    assert await sockets["teacher_other"].receive_nothing(timeout=0.3)
    for socket in sockets.values():
        await socket.disconnect()
