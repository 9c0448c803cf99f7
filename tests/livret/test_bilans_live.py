"""A communicated bilan reaches each legal guardian's open page live, and no one else's."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from preau.livret import bilan_services
from tests.livret.bilan_helpers import fill, open_bilans
from tests.world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def socket_for(user) -> WebsocketCommunicator:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", b"http://testserver"), (b"host", b"testserver"),
        (b"cookie", cookie.encode())])


def _ready_to_communicate(world):
    (bilan,) = open_bilans(world.classrooms["A1"])
    fill(bilan)
    bilan_services.periodic_bilan_lock(actor=world.user("teacher"), bilan=bilan)
    bilan_services.periodic_bilan_validate(actor=world.user("director"), bilan=bilan)
    return bilan


async def test_each_legal_guardian_hears_of_the_communicated_bilan_live():
    world = await sync_to_async(build_world)()
    bilan = await sync_to_async(_ready_to_communicate)(world)
    sockets = {role: await sync_to_async(socket_for)(world.user(role))
               for role in ("guardian", "guardian_2", "guardian_other", "teacher", "inspector")}
    for socket in sockets.values():
        assert (await socket.connect())[0]

    await sync_to_async(bilan_services.periodic_bilan_communicate)(
        actor=world.user("director"), bilan=bilan)

    for role in ("guardian", "guardian_2"):
        event = await sockets[role].receive_json_from(timeout=3)
        assert (event["type"], event["bilan_id"], event["kind"]) == (
            "livret.bilan_communicated", bilan.pk, "periodic")
    for role in ("guardian_other", "teacher", "inspector"):
        assert await sockets[role].receive_nothing(timeout=0.3)
    for socket in sockets.values():
        await socket.disconnect()
