"""The live channel: only logged-in users, only from our origin, only events after commit."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client

from config.asgi import application
from preau.realtime.publish import publish_on_commit
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def communicator(cookie: str | None = None, origin: str = "http://testserver"):
    headers = [(b"origin", origin.encode()), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, "/ws/events/", headers=headers)


async def test_anonymous_socket_is_closed():
    socket = communicator()
    connected, _ = await socket.connect()
    assert not connected
    await socket.disconnect()


async def test_session_opened_only_to_set_up_a_second_factor_gets_no_socket():
    from preau.accounts.services import SECOND_FACTOR_KEY, SETUP_REQUIRED

    def setup_only_cookie() -> str:
        client = Client()
        client.force_login(UserFactory())
        session = client.session
        session[SECOND_FACTOR_KEY] = SETUP_REQUIRED
        session.save()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    socket = communicator(await sync_to_async(setup_only_cookie)())
    connected, _ = await socket.connect()
    assert not connected
    await socket.disconnect()


async def test_socket_from_a_foreign_origin_is_refused():
    user = await sync_to_async(UserFactory)()
    cookie = await sync_to_async(session_cookie_for)(user)
    socket = communicator(cookie, origin="https://evil.example")
    connected, _ = await socket.connect()
    assert not connected
    await socket.disconnect()


async def test_logged_in_user_receives_events_published_for_them_after_commit():
    alice, bob = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    alice_socket = communicator(await sync_to_async(session_cookie_for)(alice))
    bob_socket = communicator(await sync_to_async(session_cookie_for)(bob))
    assert (await alice_socket.connect())[0]
    assert (await bob_socket.connect())[0]

    def write_and_publish():
        with transaction.atomic():
            publish_on_commit(event={"type": "ping", "n": 1}, user_ids=[alice.pk])
            # nothing leaves before the commit

    await sync_to_async(write_and_publish)()

    assert await alice_socket.receive_json_from(timeout=2) == {"type": "ping", "n": 1}
    assert await bob_socket.receive_nothing(timeout=0.3)
    await alice_socket.disconnect()
    await bob_socket.disconnect()


async def test_rolled_back_write_sends_nothing():
    alice = await sync_to_async(UserFactory)()
    socket = communicator(await sync_to_async(session_cookie_for)(alice))
    assert (await socket.connect())[0]

    def write_then_fail():
        try:
            with transaction.atomic():
                publish_on_commit(event={"type": "ping"}, user_ids=[alice.pk])
                raise RuntimeError("refused")
        except RuntimeError:
            pass

    await sync_to_async(write_then_fail)()
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()
