"""Ending a session or disabling an account closes its open sockets at once."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from config.asgi import application
from config.settings import base
from preau.accounts.models import UserSession
from preau.accounts.services import user_deactivate, user_session_end
from preau.realtime.consumers import CLOSE_UNAUTHORISED
from preau.realtime.publish import publish_on_commit
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def login_through_the_api(username: str) -> tuple[str, UserSession]:
    """A real login (its session recorded), as the web app does it."""
    client = Client(enforce_csrf_checks=False)
    response = client.post("/api/v1/accounts/login/",
                           {"username": username, "password": "motdepasse-demo"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={key}", UserSession.objects.get(session_key=key)


async def open_socket(cookie: str) -> WebsocketCommunicator:
    socket = WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", b"http://testserver"), (b"host", b"testserver"),
        (b"cookie", cookie.encode())])
    connected, _ = await socket.connect()
    assert connected
    return socket


async def closed_with(socket: WebsocketCommunicator, timeout: float = 1) -> int:
    message = await socket.receive_output(timeout=timeout)
    assert message["type"] == "websocket.close", message
    return message["code"]


async def test_disabling_an_account_closes_its_open_sockets_within_a_second():
    user = await sync_to_async(UserFactory)(username="claire")
    phone_cookie, _ = await sync_to_async(login_through_the_api)("claire")
    laptop_cookie, _ = await sync_to_async(login_through_the_api)("claire")
    phone, laptop = await open_socket(phone_cookie), await open_socket(laptop_cookie)

    await sync_to_async(user_deactivate)(user=user)

    assert await closed_with(phone) == CLOSE_UNAUTHORISED
    assert await closed_with(laptop) == CLOSE_UNAUTHORISED


async def test_disabling_one_account_leaves_the_others_sockets_open():
    await sync_to_async(UserFactory)(username="claire")
    other = await sync_to_async(UserFactory)(username="paul")
    claire_socket = await open_socket((await sync_to_async(login_through_the_api)("claire"))[0])

    await sync_to_async(user_deactivate)(user=other)

    assert await claire_socket.receive_nothing(timeout=0.3)
    await claire_socket.disconnect()


async def test_ending_one_session_closes_only_that_sessions_socket():
    user = await sync_to_async(UserFactory)(username="claire")
    phone_cookie, phone_session = await sync_to_async(login_through_the_api)("claire")
    laptop_cookie, _ = await sync_to_async(login_through_the_api)("claire")
    phone, laptop = await open_socket(phone_cookie), await open_socket(laptop_cookie)

    await sync_to_async(user_session_end)(user_session=phone_session)

    assert await closed_with(phone) == CLOSE_UNAUTHORISED
    await sync_to_async(publish_on_commit)(event={"type": "ping"}, user_ids=[user.pk])
    assert await laptop.receive_json_from(timeout=1) == {"type": "ping"}
    await laptop.disconnect()


async def test_a_timed_out_session_is_closed_at_the_next_recheck(settings):
    settings.PREAU_LIVE_SESSION_RECHECK_SECONDS = 0
    settings.PREAU_SESSION_ABSOLUTE_SECONDS = base.PREAU_SESSION_ABSOLUTE_SECONDS
    user = await sync_to_async(UserFactory)(username="claire")
    cookie, user_session = await sync_to_async(login_through_the_api)("claire")
    socket = await open_socket(cookie)

    def age_the_session():
        session = Session.objects.get(session_key=user_session.session_key)
        data = session.get_decoded()
        data["preau_session_opened_at"] -= 31 * 24 * 60 * 60  # a family's limit is 30 days
        Session.objects.filter(pk=session.pk).update(
            session_data=Session.objects.encode(data))

    await sync_to_async(age_the_session)()
    await sync_to_async(publish_on_commit)(event={"type": "ping"}, user_ids=[user.pk])

    assert await closed_with(socket) == CLOSE_UNAUTHORISED
