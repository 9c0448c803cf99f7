"""Hostile or unusual input gets a 4xx in the error envelope, never a 500.

Deeply nested JSON (the parser would recurse past Python's limit), dates at the end of the
calendar (the week or year around them would overflow), a second login on a browser that is
already signed in, and a body over the size limit (413 saying the limit).
"""

import pytest
from django.test import override_settings

from preau.accounts.models import UserSession
from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client

pytestmark = pytest.mark.django_db


def assert_envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    return error


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 5_000, b"[" * 900 + b"]" * 900],
                         ids=["brackets", "objects", "just-below-the-interpreter-limit"])
def test_deeply_nested_json_on_the_anonymous_login_is_a_400(world, body):
    response = csrf_client().post(LOGIN, data=body, content_type="application/json")

    error = assert_envelope(response, 400, "too_deep")
    assert "32 niveaux" in error["message"]


def test_deeply_nested_json_on_a_signed_in_write_is_a_400(world, client_for):
    client = client_for("teacher")
    response = client.post(f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/homework/",
                           data=b'{"a":' * 5_000,
                           content_type="application/json")

    assert_envelope(response, 400, "too_deep")


def test_a_body_nested_within_the_bound_is_parsed_as_before(world):
    response = csrf_client().post(LOGIN, {"username": "guardian", "password": PASSWORD},
                                  format="json")

    assert response.status_code == 200


@pytest.mark.parametrize("path", [
    "/api/v1/timetable/children/week/?start=9999-12-25",
    "/api/v1/timetable/children/week/?end=9999-12-31",
    "/api/v1/timetable/classrooms/{A1}/week/?start=9999-12-25",
    "/api/v1/timetable/schools/{A}/calendar/?start=9999-12-25",
])
def test_a_week_or_calendar_at_the_end_of_the_calendar_is_a_400_naming_the_field(
    world, client_for, path
):
    path = path.format(A1=world.classrooms["A1"].pk, A=world.schools["A"].pk)
    response = client_for("director").get(path)

    error = assert_envelope(response, 400, "invalid")
    field = path.split("?")[1].split("=")[0]
    assert field in error["fields"]


def test_calls_not_taken_on_the_last_day_of_the_calendar_is_a_400_naming_the_field(
    world, client_for
):
    response = client_for("director").get(
        f"/api/v1/attendance/schools/{world.schools['A'].pk}/calls-not-taken/?date=9999-12-31")

    error = assert_envelope(response, 400, "invalid")
    assert "date" in error["fields"]


def test_logging_in_again_as_the_same_account_opens_a_fresh_session(world):
    client = csrf_client()
    first = client.post(LOGIN, {"username": "guardian", "password": PASSWORD}, format="json")
    first_key = client.cookies["sessionid"].value
    client.credentials(HTTP_X_CSRFTOKEN=client.get("/api/v1/accounts/csrf/").json()["csrf_token"])

    again = client.post(LOGIN, {"username": "guardian", "password": PASSWORD}, format="json")

    assert first.status_code == 200
    assert again.status_code == 200, again.content[:300]
    assert client.cookies["sessionid"].value != first_key
    assert client.get(ME).status_code == 200
    keys = list(UserSession.objects.filter(user=world.user("guardian"))
                .values_list("session_key", flat=True))
    assert keys == [client.cookies["sessionid"].value]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_a_body_over_the_limit_is_a_413_that_says_the_limit(world):
    body = b'{"username": "' + b"x" * (1024 * 1024) + b'", "password": "p"}'
    response = csrf_client().post(LOGIN, data=body, content_type="application/json")

    error = assert_envelope(response, 413, "request_too_large")
    assert "1 Mo" in error["message"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_a_form_body_over_the_limit_read_before_any_view_is_a_413_too(world):
    # The admin's login form: the CSRF middleware reads the form before the view.
    client = csrf_client()
    response = client.post("/admin/login/", data="a=" + "x" * (1024 * 1024),
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert "1 Mo" in response.content.decode()
