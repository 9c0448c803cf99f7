"""A change to today's or a coming lesson reaches the classroom's families live."""

from datetime import date

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from preau.timetable.services import exception_create
from tests.timetable.factories import make_slots
from tests.world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

MONDAY = date(2026, 11, 30)


def socket_for(user) -> WebsocketCommunicator:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", b"http://testserver"), (b"host", b"testserver"),
        (b"cookie", cookie.encode())])


async def test_a_cancellation_reaches_both_guardians_and_the_pupil_not_other_families():
    world = await sync_to_async(build_world)()
    guardian_2 = world.users["guardian_2"]
    sockets = {}
    for role in ("guardian", "pupil", "guardian_other", "teacher_other"):
        sockets[role] = await sync_to_async(socket_for)(world.user(role))
    sockets["guardian_2"] = await sync_to_async(socket_for)(guardian_2)
    for socket in sockets.values():
        assert (await socket.connect())[0]

    def cancel():
        slot = make_slots(world.classrooms["A1"])[0]
        exception_create(actor=world.user("director"), classroom=world.classrooms["A1"],
                         kind="cancelled", date=MONDAY, slot=slot, reason="Grève")

    await sync_to_async(cancel)()

    for role in ("guardian", "guardian_2", "pupil"):
        event = await sockets[role].receive_json_from(timeout=3)
        assert event == {"type": "timetable.changed",
                         "classroom_id": world.classrooms["A1"].pk,
                         "dates": [MONDAY.isoformat()]}
    for role in ("guardian_other", "teacher_other"):
        assert await sockets[role].receive_nothing(timeout=0.3)
    for socket in sockets.values():
        await socket.disconnect()
