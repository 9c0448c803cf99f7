"""Signed-in sessions are read from the cache; ending one drops its copy; the account comes
with its authority check in one query (preau.common.session_store, session_cache,
preau.accounts.backends)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from preau.common.session_store import SessionStore, sessions_delete
from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client
from tests.factories import GuardianshipFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 11, 23, 8, tzinfo=ZoneInfo("Europe/Paris"))
LOCAL_SESSION_COPIES = override_settings(CACHES={
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sessions": {"BACKEND": "preau.common.session_cache.SessionLocMemCache",
                 "LOCATION": "test-session-copies", "TIMEOUT": 60},
})


def signed_in(username: str):
    UserFactory(username=username)
    client = csrf_client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return client


def session_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(ME).status_code == 200
    return [query["sql"] for query in captured.captured_queries
            if "django_session" in query["sql"]]


def test_a_signed_in_request_reads_its_session_from_the_cache():
    client = signed_in("claire")

    assert session_queries(client) == []


@LOCAL_SESSION_COPIES
def test_a_session_in_use_is_read_again_from_the_database_after_a_minute():
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = signed_in("claire")
        assert session_queries(client) == []
        clock.shift(timedelta(seconds=61))  # the session's expiry is weeks away

        assert len(session_queries(client)) == 1
        assert session_queries(client) == []  # cached again


@pytest.mark.django_db(transaction=True)
def test_a_copy_cached_while_the_session_was_being_ended_is_dropped_at_commit():
    client = signed_in("claire")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    data = SessionStore(session_key=key).load()

    with transaction.atomic():
        sessions_delete([key])
        # Meanwhile a request of that session found no copy and read the row that this
        # transaction had not yet deleted, and cached it again.
        caches[settings.SESSION_CACHE_ALIAS].set(SessionStore.cache_key_prefix + key, data)

    assert client.get(ME).status_code == 401


def test_ending_the_other_sessions_signs_them_out_although_they_were_cached():
    laptop = signed_in("claire")
    phone = csrf_client()
    phone.post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")
    assert phone.get(ME).status_code == 200
    laptop.credentials(HTTP_X_CSRFTOKEN=laptop.get("/api/v1/accounts/csrf/").json()["csrf_token"])

    ended = laptop.post("/api/v1/accounts/me/sessions/end-others/")

    assert ended.json() == {"ended": 1}
    assert phone.get(ME).status_code == 401
    assert laptop.get(ME).status_code == 200


# --- The authority check, read with the account ----------------------------------------------

def declare_absence(client, pupil):
    return client.post(f"/api/v1/attendance/pupils/{pupil.pk}/notices/",
                       {"absence_reason": "maladie_enfant", "start_date": "2026-11-26"},
                       format="json")


@time_machine.travel(MONDAY_MORNING)
def test_a_role_given_or_taken_takes_effect_at_the_next_request(world, client_for):
    inspector, léa = world.user("inspector"), world.pupils["A1"]
    client = client_for("inspector")

    refused = declare_absence(client, léa)
    guardianship = GuardianshipFactory(guardian=inspector.person, pupil=léa)
    declared = declare_absence(client, léa)
    guardianship.delete()
    refused_again = declare_absence(client, léa)

    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "permission_denied")
    assert declared.status_code == 201, declared.content
    assert refused_again.status_code == 403


def test_a_write_asks_no_query_of_its_own_for_the_authority_check(world, client_for):
    client = client_for("inspector")

    with CaptureQueriesContext(connection) as captured:
        assert declare_absence(client, world.pupils["A1"]).status_code == 403

    assert [query["sql"] for query in captured.captured_queries
            if "people_authoritymembership" in query["sql"]] == [
        next(query["sql"] for query in captured.captured_queries
             if 'FROM "accounts_user"' in query["sql"])]


@time_machine.travel(MONDAY_MORNING)
@pytest.mark.parametrize("role", ["inspector", "guardian"])
def test_a_session_opened_before_this_backend_keeps_its_account_and_its_limits(world, role):
    """Sessions that name Django's ModelBackend (opened before SessionAccountBackend) stay
    signed in, and the authority check still holds for them (its own query)."""
    client = csrf_client()
    client.force_login(world.user(role), backend="django.contrib.auth.backends.ModelBackend")

    answer = declare_absence(client, world.pupils["A1"])

    assert client.get(ME).status_code == 200
    assert answer.status_code == (403 if role == "inspector" else 201), answer.content
