"""A login storm is shed at once with 503 + Retry-After, before any password is checked."""

import threading
import time

import pytest
from django.test import override_settings

from preau.accounts import gate
from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_slots():
    """Hold every password-check slot of the process (1 running, 1 waiting) from a thread."""
    entered, release = threading.Event(), threading.Event()
    waiting_entered = threading.Event()

    def hold(flag: threading.Event) -> None:
        with gate.password_check_slot():
            flag.set()
            release.wait(10)

    with override_settings(PREAU_LOGIN_CONCURRENCY=1, PREAU_LOGIN_QUEUE=1,
                           PREAU_LOGIN_QUEUE_WAIT_SECONDS=5):
        holder = threading.Thread(target=hold, args=(entered,))
        holder.start()
        assert entered.wait(5)
        waiter = threading.Thread(target=hold, args=(waiting_entered,))
        waiter.start()  # admitted, waits for the running slot
        deadline = time.monotonic() + 5
        while not gate.login_slots_full() and time.monotonic() < deadline:
            time.sleep(0.01)
        yield
        release.set()
        holder.join(5)
        waiter.join(5)
        assert waiting_entered.is_set()


def test_login_beyond_the_slots_answers_503_overloaded_at_once_with_retry_after(busy_slots):
    UserFactory(username="claire")
    client = csrf_client()

    started = time.monotonic()
    response = client.post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")

    assert time.monotonic() - started < 1  # not after the 5 s a waiting login may wait
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "overloaded"
    assert int(response["Retry-After"]) >= 1
    assert client.get(ME).status_code == 401


def test_an_overloaded_login_does_not_count_as_a_failure():
    UserFactory(username="claire")
    client = csrf_client()
    with override_settings(PREAU_LOGIN_CONCURRENCY=1, PREAU_LOGIN_QUEUE=0,
                           PREAU_LOGIN_QUEUE_WAIT_SECONDS=0):
        with gate.password_check_slot():
            for _ in range(15):
                response = client.post(LOGIN, {"username": "claire", "password": "faux"},
                                       format="json")
                assert response.status_code == 503
        response = client.post(LOGIN, {"username": "claire", "password": PASSWORD},
                               format="json")
    assert response.status_code == 200
    assert client.get(ME).status_code == 200


def test_a_waiting_login_goes_through_when_the_slot_frees_in_time():
    UserFactory(username="claire")
    client = csrf_client()
    with override_settings(PREAU_LOGIN_CONCURRENCY=1, PREAU_LOGIN_QUEUE=1,
                           PREAU_LOGIN_QUEUE_WAIT_SECONDS=5):
        held = threading.Event()
        done = threading.Event()

        def hold() -> None:
            with gate.password_check_slot():
                held.set()
                done.wait(0.3)

        thread = threading.Thread(target=hold)
        thread.start()
        assert held.wait(5)
        response = client.post(LOGIN, {"username": "claire", "password": PASSWORD},
                               format="json")
        thread.join(5)
    assert response.status_code == 200


def test_throttling_per_account_still_answers_429_before_the_gate():
    UserFactory(username="claire")
    client = csrf_client()
    for attempt in range(10):
        client.post(LOGIN, {"username": "claire", "password": f"faux{attempt}"}, format="json",
                    REMOTE_ADDR=f"10.0.0.{attempt}")
    with override_settings(PREAU_LOGIN_CONCURRENCY=1, PREAU_LOGIN_QUEUE=0,
                           PREAU_LOGIN_QUEUE_WAIT_SECONDS=0), gate.password_check_slot():
        response = client.post(LOGIN, {"username": "claire", "password": PASSWORD},
                               format="json", REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429


def test_production_hasher_checks_on_one_lane_in_a_lower_priority_thread():
    import os

    from django.contrib.auth.hashers import check_password, make_password

    from config.settings import base
    from preau.accounts import hashers

    seen = {}
    original = hashers.hashers.Argon2PasswordHasher.verify

    def spy(self, password, encoded):
        tid = threading.get_native_id()
        seen["niceness"] = os.getpriority(os.PRIO_PROCESS, tid)
        seen["same_thread"] = tid == caller
        return original(self, password, encoded)

    caller = threading.get_native_id()
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = make_password("un-long-secret")
        hashers.hashers.Argon2PasswordHasher.verify = spy
        try:
            assert check_password("un-long-secret", encoded)
        finally:
            hashers.hashers.Argon2PasswordHasher.verify = original
    assert ",p=1$" in encoded
    assert seen["same_thread"] is False
    assert seen["niceness"] > os.getpriority(os.PRIO_PROCESS, caller)


def test_shed_logins_are_told_to_come_back_at_spread_times(busy_slots):
    """Every shed login got Retry-After: 2, so a surge came back in one same second."""
    UserFactory(username="claire")
    client = csrf_client()

    waits = []
    for _ in range(40):
        response = client.post(LOGIN, {"username": "claire", "password": PASSWORD},
                               format="json")
        assert response.status_code == 503
        waits.append(int(response["Retry-After"]))

    assert min(waits) >= 2
    assert max(waits) <= 6
    # Spread over the window: no single second gets more than half of the retries.
    assert max(waits.count(second) for second in set(waits)) <= len(waits) // 2
    assert len(set(waits)) >= 3


async def _asgi_post(application, path: str) -> tuple[int, dict, bytes]:
    from asgiref.testing import ApplicationCommunicator

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
             "client": ("127.0.0.1", 40000), "server": ("testserver", 80)}
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"{}", "more_body": False})
    start = await communicator.receive_output(5)
    body = await communicator.receive_output(5)
    await communicator.wait(5)
    return start["status"], dict(start["headers"]), body["body"]


@pytest.mark.asyncio
async def test_a_login_that_would_be_shed_never_reaches_django(busy_slots):
    """During a surge each shed login went through Django's whole stack (a thread, the
    session and authentication middlewares, their queries) and crowded out the cheap
    requests of the process (csrf/ took 4 s): it is now answered before Django starts."""
    import json

    from django.core.signals import request_started

    from config.asgi import application

    handled = []

    def count(**kwargs) -> None:
        handled.append(kwargs)

    request_started.connect(count)
    try:
        status, headers, body = await _asgi_post(application, LOGIN)
    finally:
        request_started.disconnect(count)

    assert status == 503
    assert json.loads(body)["error"]["code"] == "overloaded"
    assert 2 <= int(headers[b"retry-after"]) <= 6
    assert handled == []
