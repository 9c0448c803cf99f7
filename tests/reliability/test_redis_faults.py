"""Redis faults for logins, on a private redis-server (never the machine's shared one).

The throttle counters of logins, password resets and invitation codes live in the cache
(Redis in production). With Redis stopped or frozen (SIGSTOP), a login still gets its
answer within a second or two — and the throttle still answers 429 beyond the limit: the
counters fall back to the process's own store, never to "no limit".
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager, nullcontext

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from preau.accounts.throttling import throttle_store
from preau.common import session_cache
from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client
from tests.factories import UserFactory
from tests.realtime.servers import RedisServer

pytestmark = pytest.mark.django_db

# The bound a request waits on a dead or frozen Redis: one socket timeout, and some margin.
ANSWER_WITHIN_SECONDS = 2.0
# A login, the first request after Redis froze, pays one socket timeout per Redis client it
# uses — the shared cache and the session cache, each with its own breaker — then neither
# asks Redis again for a while. Its bound is that, and the same margin, beyond what a login
# takes with Redis answering, measured just before on the machine as loaded as it is then.
REDIS_CLIENTS_OF_A_LOGIN = 2
MARGIN_SECONDS = ANSWER_WITHIN_SECONDS - 0.5
# How long a session's copy lives in Redis here (60 s in production), so that a test can
# wait it out.
SESSION_COPY_SECONDS = 2


@pytest.fixture
def redis_cache():
    """The production cache configuration (timeouts included) on a private redis-server."""
    server = RedisServer().start()
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": server.url, "KEY_PREFIX": "preau",
                          "OPTIONS": dict(settings.REDIS_SOCKET_OPTIONS)},
              "sessions": {"BACKEND": "preau.common.session_cache.SessionRedisCache",
                           "LOCATION": server.url, "KEY_PREFIX": "preau",
                           "TIMEOUT": SESSION_COPY_SECONDS,
                           "OPTIONS": dict(settings.REDIS_SOCKET_OPTIONS)}}
    try:
        with override_settings(CACHES=caches):
            yield server
    finally:
        if server.process is not None:
            os.kill(server.process.pid, signal.SIGCONT)
        server.stop()
        session_cache.outage.end()


@contextmanager
def frozen(server: RedisServer):
    """The redis-server still holds its port and its connections but answers nothing."""
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(server.process.pid, signal.SIGCONT)


def timed_login(client, username: str, password: str):
    started = time.monotonic()
    response = client.post(LOGIN, {"username": username, "password": password}, format="json")
    return response, time.monotonic() - started


def healthy_login_seconds() -> float:
    """A first login with Redis answering: what a login costs on the machine right now."""
    UserFactory(username="bernard")
    response, seconds = timed_login(csrf_client(), "bernard", PASSWORD)
    assert response.status_code == 200, response.content
    return seconds


def assert_logins_answer_and_stay_limited(fault_report, label: str, healthy: float) -> None:
    UserFactory(username="claire")
    client = csrf_client()

    right, right_seconds = timed_login(client, "claire", PASSWORD)
    wrong, wrong_seconds = timed_login(csrf_client(), "claire", "mauvais")
    statuses = [timed_login(csrf_client(), "claire", "mauvais")[0].status_code
                for _ in range(settings.LOGIN_FAILURE_LIMIT)]

    assert right.status_code == 200, right.content
    assert client.get(ME).status_code == 200
    assert wrong.status_code == 400
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    assert (max(right_seconds, wrong_seconds) - healthy
            < REDIS_CLIENTS_OF_A_LOGIN * settings.REDIS_TIMEOUT_SECONDS + MARGIN_SECONDS)
    # The limit still holds: failures beyond it answer 429 before any password check.
    assert statuses[-1] == 429
    assert 500 not in statuses
    fault_report(label, login_status=right.status_code, seconds_for_the_login=right_seconds,
                 seconds_for_a_login_with_redis_answering=healthy,
                 wrong_password_status=wrong.status_code,
                 seconds_for_the_wrong_password=wrong_seconds,
                 answered_429_beyond_the_limit=statuses.count(429))


def test_login_with_redis_stopped_answers_and_the_throttle_still_holds(
    redis_cache, fault_report
):
    healthy = healthy_login_seconds()
    redis_cache.stop()
    assert_logins_answer_and_stay_limited(fault_report, "redis stopped, logins", healthy)


def test_login_with_redis_frozen_answers_within_the_timeout_and_the_throttle_still_holds(
    redis_cache, fault_report
):
    healthy = healthy_login_seconds()
    with frozen(redis_cache):
        assert_logins_answer_and_stay_limited(fault_report, "redis frozen (SIGSTOP), logins",
                                              healthy)


def test_password_reset_and_activation_answer_with_redis_frozen(redis_cache):
    UserFactory(username="claire", email="claire@example.org")
    with frozen(redis_cache):
        started = time.monotonic()
        reset = csrf_client().post("/api/v1/accounts/password-reset/",
                                   {"email": "claire@example.org"}, format="json")
        activation = csrf_client().post("/api/v1/accounts/activate/", {
            "code": "ABCD-EFGH-JKLM-NPQR", "username": "nouveau.compte",
            "password": "un-mot-de-passe-solide-42"}, format="json")
        elapsed = time.monotonic() - started

    assert reset.status_code < 300, reset.content
    assert activation.status_code == 400
    assert activation.json()["error"]["code"] == "invalid_code"
    assert elapsed < 2 * ANSWER_WITHIN_SECONDS


def test_with_redis_back_the_counters_are_shared_again(redis_cache):
    UserFactory(username="claire")
    assert csrf_client().post(LOGIN, {"username": "claire", "password": "mauvais"},
                              format="json").status_code == 400

    # Counted in Redis, where every worker sees it; not in the process's fallback.
    assert cache.get("login-fail:user:claire") == 1
    assert throttle_store.local.get("login-fail:user:claire") is None


def test_school_days_are_known_with_redis_frozen(redis_cache, world, client_for):
    """The school calendar keeps its version token in the shared cache: with Redis frozen a
    week page and a roll call still answer within the bound, from the process's own store."""
    import time_machine
    from django.utils import timezone

    classroom = world.classrooms["A1"]
    tuesday_morning = timezone.make_aware(timezone.datetime(2026, 11, 24, 10))
    with time_machine.travel(tuesday_morning), frozen(redis_cache):
        started = time.monotonic()
        week = client_for("guardian").get(
            f"/api/v1/timetable/classrooms/{classroom.pk}/week/", {"start": "2026-11-23"})
        roll_call = client_for("teacher").post(
            f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/",
            {"date": "2026-11-24", "half_day": "morning", "absences": []}, format="json")
        elapsed = time.monotonic() - started

    assert week.status_code == 200, week.content
    assert [day["off"] for day in week.json()["days"][:2]] == [None, None]
    assert roll_call.status_code == 201, roll_call.content
    assert elapsed < 2 * ANSWER_WITHIN_SECONDS


# --- Sessions: read from Redis, the database when Redis is away --------------------------

def signed_in_claire():
    UserFactory(username="claire")
    client = csrf_client()
    assert client.post(LOGIN, {"username": "claire", "password": PASSWORD},
                       format="json").status_code == 200
    client.credentials(HTTP_X_CSRFTOKEN=client.get("/api/v1/accounts/csrf/").json()["csrf_token"])
    assert client.get(ME).status_code == 200  # the session is in Redis now
    return client


def timed_get(client, path: str):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


@pytest.mark.parametrize("fault", ["stopped", "frozen"])
def test_signed_in_users_stay_signed_in_with_redis_away(redis_cache, fault_report, fault):
    client = signed_in_claire()

    with frozen(redis_cache) if fault == "frozen" else nullcontext():
        if fault == "stopped":
            redis_cache.stop()
        first, first_seconds = timed_get(client, ME)
        then, then_seconds = timed_get(client, ME)
        logout = client.post("/api/v1/accounts/logout/")
        after_logout = client.get(ME)

    assert (first.status_code, then.status_code) == (200, 200), first.content
    # One socket timeout at most, then the database without asking Redis again.
    assert first_seconds < ANSWER_WITHIN_SECONDS
    assert then_seconds < ANSWER_WITHIN_SECONDS / 2
    assert (logout.status_code, after_logout.status_code) == (204, 401)
    fault_report(f"redis {fault}, a signed-in user", status=first.status_code,
                 seconds_for_the_first_request=first_seconds,
                 seconds_for_the_next=then_seconds, logout_status=logout.status_code)


def test_a_session_ended_while_redis_was_frozen_stays_ended_when_redis_is_back(redis_cache):
    client = signed_in_claire()
    other = csrf_client()
    assert other.post(LOGIN, {"username": "claire", "password": PASSWORD},
                      format="json").status_code == 200

    with frozen(redis_cache):
        # Ended from the other device: the row goes, the copy in Redis cannot be dropped.
        other.credentials(
            HTTP_X_CSRFTOKEN=other.get("/api/v1/accounts/csrf/").json()["csrf_token"])
        assert other.post("/api/v1/accounts/me/sessions/end-others/").json() == {"ended": 1}
        assert client.get(ME).status_code == 401
        time.sleep(SESSION_COPY_SECONDS + 0.5)  # the copy's bound passes
    session_cache.outage.end()  # Redis is asked again at once

    assert client.get(ME).status_code == 401
    assert other.get(ME).status_code == 200
