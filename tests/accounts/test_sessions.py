"""One's own sessions: listed, ended one by one or all but this one, and timed out."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import override_settings

from config.settings import base
from preau.accounts.models import SessionKind, UserSession
from preau.audit.models import AuditEvent, AuditKind
from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v1/accounts/me/sessions/"
END_OTHERS = "/api/v1/accounts/me/sessions/end-others/"
PHONE = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0 Mobile Safari/537.36")
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
PARIS = ZoneInfo("Europe/Paris")
# The production values (base.py): the test settings lengthen them for the other tests.
REAL_TIMEOUTS = override_settings(
    PREAU_SESSION_IDLE_SECONDS=base.PREAU_SESSION_IDLE_SECONDS,
    PREAU_SESSION_ABSOLUTE_SECONDS=base.PREAU_SESSION_ABSOLUTE_SECONDS,
    PREAU_SESSION_TOUCH_SECONDS=base.PREAU_SESSION_TOUCH_SECONDS)


def logged_in(username: str, user_agent: str = LAPTOP, address: str = "192.0.2.10"):
    client = csrf_client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD}, format="json",
                           HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    assert response.status_code == 200, response.content
    refresh_csrf(client)  # the login rotated the token
    return client


def refresh_csrf(client) -> None:
    client.credentials(HTTP_X_CSRFTOKEN=client.get("/api/v1/accounts/csrf/").json()["csrf_token"])


def test_a_user_sees_their_sessions_with_device_address_and_which_is_this_one(world):
    laptop = logged_in("guardian", LAPTOP, "192.0.2.10")
    logged_in("guardian", PHONE, "198.51.100.20")
    logged_in("teacher")  # someone else's

    sessions = laptop.get(SESSIONS).json()["results"]

    assert sorted((s["device"], s["ip_address"], s["current"]) for s in sessions) == [
        ("Chrome · Android", "198.51.100.20", False),
        ("Firefox · Windows", "192.0.2.10", True),
    ]
    assert all(s["created_at"] and s["last_seen_at"] for s in sessions)
    assert {(s["method"], s["provider"]) for s in sessions} == {("password", "")}


def test_ending_another_session_signs_that_device_out_only(world):
    laptop = logged_in("guardian", LAPTOP)
    phone = logged_in("guardian", PHONE)
    phone_session = next(s for s in laptop.get(SESSIONS).json()["results"] if not s["current"])

    response = laptop.delete(f"{SESSIONS}{phone_session['id']}/")

    assert response.status_code == 204
    assert phone.get(ME).status_code == 401
    assert laptop.get(ME).status_code == 200
    assert [s["current"] for s in laptop.get(SESSIONS).json()["results"]] == [True]


def test_ending_the_current_session_signs_out(world):
    laptop = logged_in("guardian")
    current = laptop.get(SESSIONS).json()["results"][0]
    assert laptop.delete(f"{SESSIONS}{current['id']}/").status_code == 204
    assert laptop.get(ME).status_code == 401


def test_someone_elses_session_is_not_found_and_stays_open(world):
    teacher = logged_in("teacher")
    guardian = logged_in("guardian")
    theirs = UserSession.objects.get(user__username="teacher")

    response = guardian.delete(f"{SESSIONS}{theirs.pk}/")

    assert response.status_code == 404
    assert teacher.get(ME).status_code == 200


def test_ending_the_other_sessions_keeps_this_one(world):
    laptop = logged_in("guardian", LAPTOP)
    others = [logged_in("guardian", PHONE) for _ in range(2)]

    response = laptop.post(END_OTHERS)

    assert response.json() == {"ended": 2}
    assert [client.get(ME).status_code for client in others] == [401, 401]
    assert laptop.get(ME).status_code == 200


def test_the_session_list_costs_the_same_queries_for_two_or_twelve_sessions(
        world, django_assert_num_queries, django_assert_max_num_queries):
    laptop = logged_in("guardian")
    logged_in("guardian", PHONE)
    with django_assert_max_num_queries(10) as small:
        assert laptop.get(SESSIONS).json()["count"] == 2
    queries = len(small)  # each request clears the connection's query log
    for _ in range(10):
        logged_in("guardian", PHONE)
    with django_assert_num_queries(queries):
        assert laptop.get(SESSIONS).json()["count"] == 12


def test_a_bad_page_is_a_400_or_404_never_a_500(world):
    laptop = logged_in("guardian")
    assert laptop.get(SESSIONS, {"page_size": "beaucoup"}).status_code < 500


# --- Timeouts --------------------------------------------------------------------------

def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


@REAL_TIMEOUTS
def test_a_teachers_session_unused_for_two_hours_expires_with_a_clear_code(world):
    with time_machine.travel(at(2, 8), tick=False) as clock:
        teacher = logged_in("teacher")
        assert teacher.get(ME).status_code == 200
        clock.move_to(at(2, 9, 59))
        assert teacher.get(ME).status_code == 200  # used: the idle clock starts again
        clock.move_to(at(2, 11, 59))
        response = teacher.get(ME)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_expired"
    assert "expiré" in response.json()["error"]["message"]
    assert not UserSession.objects.filter(user__username="teacher").exists()


@REAL_TIMEOUTS
def test_a_teachers_session_in_use_all_day_still_ends_after_twelve_hours(world):
    with time_machine.travel(at(2, 7), tick=False) as clock:
        teacher = logged_in("teacher")
        for hour in range(8, 19):
            clock.move_to(at(2, hour))
            assert teacher.get(ME).status_code == 200, hour
        clock.move_to(at(2, 19))
        response = teacher.get(ME)
    assert response.json()["error"]["code"] == "session_expired"


@REAL_TIMEOUTS
def test_a_familys_session_survives_a_week_unused_and_ends_after_thirty_days(world):
    with time_machine.travel(at(1, 20), tick=False) as clock:
        guardian = logged_in("guardian")
        assert UserSession.objects.get(user__username="guardian").kind == SessionKind.FAMILY
        for day in (8, 15, 22, 29):
            clock.move_to(at(day, 20))
            assert guardian.get(ME).status_code == 200, day
        clock.move_to(at(1, 20) + timedelta(days=30, minutes=1))
        assert guardian.get(ME).json()["error"]["code"] == "session_expired"


@REAL_TIMEOUTS
def test_a_familys_session_unused_for_fifteen_days_expires(world):
    with time_machine.travel(at(1, 20), tick=False) as clock:
        guardian = logged_in("guardian")
        clock.move_to(at(16, 21))
        assert guardian.get(ME).json()["error"]["code"] == "session_expired"


@REAL_TIMEOUTS
def test_after_expiry_the_login_form_works_again_on_the_same_browser(world):
    with time_machine.travel(at(2, 8), tick=False) as clock:
        teacher = logged_in("teacher")
        clock.move_to(at(2, 22))
        refresh_csrf(teacher)
        response = teacher.post(LOGIN, {"username": "teacher", "password": PASSWORD},
                                format="json")
        assert response.status_code == 200
        assert teacher.get(ME).status_code == 200


@REAL_TIMEOUTS
def test_last_use_is_recorded_at_most_once_a_minute(world):
    with time_machine.travel(at(2, 8), tick=False) as clock:
        teacher = logged_in("teacher")
        clock.move_to(at(2, 8, 30))
        teacher.get(ME)
        seen = UserSession.objects.get(user__username="teacher").last_seen_at
        assert seen == at(2, 8, 30)
        clock.shift(30)
        teacher.get(ME)
        assert UserSession.objects.get(user__username="teacher").last_seen_at == seen


def test_accounts_opened_by_other_means_get_the_staff_timeouts_when_staff(world):
    admin = UserFactory(username="admin", is_staff=True, person=None)
    from django.test import Client

    client = Client()
    client.force_login(admin)
    session = Session.objects.get(
        session_key=client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    assert session.get_decoded()["preau_session_kind"] == SessionKind.STAFF


def test_signing_in_as_someone_else_on_a_signed_in_browser_replaces_the_session(world):
    browser = logged_in("guardian")

    response = browser.post(LOGIN, {"username": "teacher", "password": PASSWORD},
                            format="json")

    assert response.status_code == 200, response.content
    refresh_csrf(browser)
    assert browser.get(ME).json()["username"] == "teacher"
    [session] = browser.get(SESSIONS).json()["results"]
    assert (session["current"], session["method"]) == (True, "password")
    assert not UserSession.objects.filter(user=world.user("guardian")).exists()
    login = AuditEvent.objects.filter(kind=AuditKind.LOGIN_SUCCEEDED,
                                      username="teacher").get()
    assert login.sign_in_method == "password"
