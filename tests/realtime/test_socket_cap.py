"""One session keeps at most PREAU_LIVE_MAX_SOCKETS_PER_SESSION sockets: the oldest goes."""

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client, override_settings

from preau.realtime.publish import publish_on_commit
from tests.factories import UserFactory
from tests.realtime.test_session_end import open_socket

# The close code the web app knows: "too many sockets for this session, do not reconnect".
CLOSE_TOO_MANY_SOCKETS = 4429

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"




async def test_the_eleventh_socket_of_a_session_closes_the_oldest_with_4429():
    # by default a session keeps ten sockets
    user = await sync_to_async(UserFactory)()
    cookie = await sync_to_async(session_cookie_for)(user)
    sockets = [await open_socket(cookie) for _ in range(10)]
    for socket in sockets:
        assert await socket.receive_nothing(timeout=0.05)

    newest = await open_socket(cookie)

    closed = await sockets[0].receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": CLOSE_TOO_MANY_SOCKETS}
    for socket in sockets[1:]:
        assert await socket.receive_nothing(timeout=0.05)
    # the ten that remain still receive events
    await sync_to_async(publish_on_commit)(event={"type": "ping"}, user_ids=[user.pk])
    for socket in [*sockets[1:], newest]:
        assert await socket.receive_json_from(timeout=2) == {"type": "ping"}
        await socket.disconnect()
    await sockets[0].disconnect()


@override_settings(PREAU_LIVE_MAX_SOCKETS_PER_SESSION=2)
async def test_closed_sockets_free_their_place_and_other_sessions_do_not_count():
    user = await sync_to_async(UserFactory)()
    cookie = await sync_to_async(session_cookie_for)(user)
    other_session = await sync_to_async(session_cookie_for)(user)
    first, second = await open_socket(cookie), await open_socket(cookie)
    elsewhere = [await open_socket(other_session) for _ in range(2)]
    await second.disconnect()

    third = await open_socket(cookie)  # two open in this session: nobody is closed
    assert await first.receive_nothing(timeout=0.3)
    fourth = await open_socket(cookie)

    assert await first.receive_output(timeout=2) == {
        "type": "websocket.close", "code": CLOSE_TOO_MANY_SOCKETS}
    for socket in [third, fourth, *elsewhere]:
        assert await socket.receive_nothing(timeout=0.1)
        await socket.disconnect()
    await first.disconnect()
