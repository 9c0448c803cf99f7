"""One rule for every way in: a session that has not passed the second step where one is
due is an anonymous visitor on the API, in the admin, on the WebSocket and for downloads;
and the admin's login form goes through the login service (throttle, second step)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.asgi import application
from preau.audit.models import AuditEvent, AuditKind
from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client
from tests.accounts.test_totp import code_of, device_for
from tests.security.test_downloads import PDF, homework_attachment_url

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
AUDIT = "/api/v1/audit/events/"
ME_OTP = "/api/v1/accounts/me/otp/"


@pytest.fixture
def school_day(settings, tmp_path):
    """Homework is set on a school day; uploads go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))):
        yield


def invitations_of(world) -> str:
    return f"/api/v1/schools/{world.schools['A'].pk}/invitations/"


def admin_password_login(username: str, password: str = PASSWORD) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.get(ADMIN_LOGIN)
    client.post(ADMIN_LOGIN, {"username": username, "password": password, "next": "/admin/",
                              "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    return client


def socket_opens(client: Client) -> bool:
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    async def connect() -> bool:
        socket = WebsocketCommunicator(application, "/ws/events/", headers=[
            (b"origin", b"http://testserver"), (b"host", b"testserver"),
            (b"cookie", cookie.encode())])
        connected, _ = await socket.connect()
        await socket.disconnect()
        return connected

    return async_to_sync(connect)()


def test_an_admin_password_only_login_of_an_operator_with_a_device_opens_nothing(world):
    device = device_for(world.user("operator"))

    client = admin_password_login("operator")

    assert client.get(ME).status_code == 401
    assert client.get(ME).json()["error"]["code"] == "otp_required"
    assert client.get(AUDIT).status_code == 401
    assert client.post(invitations_of(world), {},
                       content_type="application/json").status_code in (401, 403)
    assert client.delete(ME_OTP).status_code in (401, 403)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 302
    assert admin_page["Location"].startswith(ADMIN_LOGIN)


def test_the_admin_login_asks_the_code_of_an_operator_with_a_device(world):
    device = device_for(world.user("operator"))
    client = admin_password_login("operator")
    code_page = client.get(ADMIN_LOGIN)
    assert 'name="code"' in code_page.content.decode()

    answer = client.post(ADMIN_LOGIN, {"code": code_of(device), "next": "/admin/",
                                       "csrfmiddlewaretoken": client.cookies["csrftoken"].value})

    assert answer.status_code == 302
    assert answer["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(ME).status_code == 200


def test_a_session_opened_without_the_code_is_anonymous_everywhere(world):
    """A bare ``login()`` (the admin's form of old, any future way in) that skipped the code
    of a confirmed device is anonymous for the API, the admin and the WebSocket."""
    device_for(world.user("operator"))
    client = Client()
    client.force_login(world.user("operator"))

    assert client.get(ME).status_code == 401
    assert client.get(ME).json()["error"]["code"] == "otp_required"
    assert client.get(AUDIT).status_code == 401
    assert client.post(invitations_of(world), {},
                       content_type="application/json").status_code == 401
    assert client.delete(ME_OTP).status_code == 401
    assert TOTPDevice.objects.filter(user=world.user("operator")).exists()
    assert client.get("/admin/").status_code == 302
    assert not socket_opens(client)


def test_a_download_needs_a_session_that_gave_the_code(world, client_for, school_day):
    url = homework_attachment_url(world, client_for, "fiche.pdf", PDF)
    device_for(world.user("teacher"))
    password_only = Client()
    password_only.force_login(world.user("teacher"))

    assert password_only.get(url).status_code == 401


def test_a_session_that_gave_the_code_keeps_the_api_the_socket_and_downloads(
        world, client_for, school_day):
    url = homework_attachment_url(world, client_for, "fiche.pdf", PDF)
    device = device_for(world.user("teacher"))
    client = csrf_client()
    client.post(LOGIN, {"username": "teacher", "password": PASSWORD}, format="json")
    client.post("/api/v1/accounts/login/otp/", {"code": code_of(device)}, format="json")

    assert client.get(ME).status_code == 200
    assert client.get(url).status_code == 200
    assert socket_opens(client)


def test_wrong_admin_passwords_are_counted_by_the_login_throttle(world):
    cache.clear()
    client = Client(enforce_csrf_checks=True)
    client.get(ADMIN_LOGIN)
    statuses = []
    for _ in range(25):
        statuses.append(client.post(ADMIN_LOGIN, {
            "username": "operator", "password": "pas-le-bon",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value}).status_code)

    limit = settings.LOGIN_FAILURE_LIMIT
    assert statuses[:limit] == [200] * limit
    assert statuses[limit:] == [429] * (25 - limit)
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED,
                                     username="operator").count() == limit
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_THROTTLED).count() == 25 - limit
    # The API's login counts the same failures: even the right password waits.
    assert csrf_client().post(LOGIN, {"username": "operator", "password": PASSWORD},
                              format="json").status_code == 429
