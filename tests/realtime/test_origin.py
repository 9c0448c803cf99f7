"""The socket's Origin is compared exactly: scheme, host and port."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client, override_settings

from config.asgi import application
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def opens(*, origin: str, host: str, scheme: str = "ws") -> bool:
    user = await sync_to_async(UserFactory)()
    cookie = await sync_to_async(session_cookie_for)(user)
    socket = WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", origin.encode()), (b"host", host.encode()), (b"cookie", cookie.encode())])
    socket.scope["scheme"] = scheme
    connected, _ = await socket.connect()
    await socket.disconnect()
    return connected


@pytest.mark.parametrize(("origin", "host", "scheme"), [
    ("http://127.0.0.1:8301", "127.0.0.1:8301", "ws"),
    ("https://127.0.0.1", "127.0.0.1", "wss"),
    ("https://127.0.0.1:443", "127.0.0.1", "wss"),
    ("http://testserver", "testserver", "ws"),
])
async def test_socket_from_its_own_origin_opens(origin, host, scheme):
    assert await opens(origin=origin, host=host, scheme=scheme)


@pytest.mark.parametrize(("origin", "host", "scheme"), [
    # another port of an allowed host
    ("http://127.0.0.1:9999", "127.0.0.1:8301", "ws"),
    ("http://127.0.0.1:9999", "127.0.0.1", "ws"),
    # another scheme
    ("https://127.0.0.1:4443", "127.0.0.1:8301", "ws"),
    ("https://127.0.0.1", "127.0.0.1", "ws"),
    ("http://localhost:8301", "localhost:8301", "wss"),
    # a host that only starts like ours
    ("http://127.0.0.1:8301.evil.example", "127.0.0.1:8301", "ws"),
    ("http://127.0.0.1.evil.example:8301", "127.0.0.1:8301", "ws"),
    # not an origin
    ("null", "127.0.0.1:8301", "ws"),
    ("http://user@127.0.0.1:8301", "127.0.0.1:8301", "ws"),
    # a Host that is not allowed, even if the Origin repeats it
    ("http://evil.example", "evil.example", "ws"),
])
async def test_socket_from_another_scheme_host_or_port_is_refused(origin, host, scheme):
    assert not await opens(origin=origin, host=host, scheme=scheme)


@override_settings(CSRF_TRUSTED_ORIGINS=["https://preau.example.org"])
async def test_a_trusted_origin_opens_with_its_exact_scheme_and_port_only():
    assert await opens(origin="https://preau.example.org", host="testserver")
    assert await opens(origin="https://preau.example.org:443", host="testserver")
    assert not await opens(origin="https://preau.example.org:4443", host="testserver")
    assert not await opens(origin="http://preau.example.org", host="testserver")
