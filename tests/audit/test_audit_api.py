"""Who consults the audit log: a director their school's events, the operator everything,
everyone else nothing; filters, CSV, and a query count that does not grow with the rows."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from preau.accounts.models import User
from preau.audit.models import AuditEvent, AuditKind
from preau.audit.services import audit_event_record

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/audit/events/"


def failed_login(username: str) -> AuditEvent:
    return audit_event_record(kind=AuditKind.LOGIN_FAILED, username=username)


@pytest.fixture
def operator(db) -> APIClient:
    client = APIClient()
    client.force_login(User.objects.create_user("operateur", is_staff=True))
    return client


def usernames(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [event["username"] for event in response.json()["results"]]


def test_the_director_sees_the_events_of_their_school_and_no_other(world, client_for):
    failed_login("teacher")  # school A
    failed_login("teacher_other")  # school A
    failed_login("director_other")  # school B
    failed_login("inconnu")  # no school

    director = client_for("director")
    response = director.get(EVENTS, {"kind": "login_failed"})

    assert sorted(usernames(response)) == ["teacher", "teacher_other"]
    event = response.json()["results"][0]
    assert event["schools"] == [{"id": world.schools["A"].pk, "name": world.schools["A"].name}]
    # Their own login (by client_for) is there too, as a login of school A.
    assert "director" in usernames(director.get(EVENTS, {"kind": "login_succeeded"}))
    assert usernames(client_for("director_other").get(EVENTS, {"kind": "login_failed"})) == [
        "director_other"]


def family_login_from_home(world) -> None:
    client = APIClient(enforce_csrf_checks=False)
    response = client.post("/api/v1/accounts/login/", {"username": "guardian",
                                                       "password": "motdepasse-demo"},
                           format="json", REMOTE_ADDR="203.0.113.7",
                           HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Firefox/140.0")
    assert response.status_code == 200, response.content


def test_the_director_sees_who_logged_in_and_when_but_not_the_family_address_or_browser(
        world, client_for):
    family_login_from_home(world)
    director = client_for("director")

    response = director.get(EVENTS, {"kind": "login_succeeded", "username": "guardian"})
    (event,) = response.json()["results"]
    assert (event["username"], event["kind"]) == ("guardian", "login_succeeded")
    assert event["created_at"]
    assert "ip_address" not in event
    assert "user_agent" not in event
    text = director.get(EVENTS, {"format": "csv", "username": "guardian"}).content.decode()
    assert "guardian" in text
    assert "203.0.113.7" not in text
    assert "Android" not in text


def test_the_operator_sees_the_address_and_browser_of_a_login(world, operator):
    family_login_from_home(world)
    (event,) = operator.get(EVENTS, {"kind": "login_succeeded",
                                     "username": "guardian"}).json()["results"]
    assert event["ip_address"] == "203.0.113.7"
    assert "Android" in event["user_agent"]
    text = operator.get(EVENTS, {"format": "csv", "username": "guardian"}).content.decode()
    assert "203.0.113.7" in text


def test_the_operator_sees_every_event(world, operator):
    for name in ["teacher", "director_other", "inconnu"]:
        failed_login(name)
    assert sorted(usernames(operator.get(EVENTS, {"kind": "login_failed"}))) == [
        "director_other", "inconnu", "teacher"]


@pytest.mark.parametrize("role", ["pupil", "guardian", "teacher", "commune", "inspector",
                                  "dasen"])
def test_other_roles_see_nothing(world, client_for, role):
    failed_login("teacher")
    failed_login(role)
    assert client_for(role).get(EVENTS).json()["count"] == 0


def test_anonymous_gets_401(db):
    assert APIClient().get(EVENTS).status_code == 401


def test_the_director_sees_the_authorities_reads_of_their_pupils(world, client_for):
    url = reverse("authority:school-pupils", kwargs={"school_id": world.schools["B"].pk})
    client_for("dasen").get(url)
    reads_b = client_for("director_other").get(EVENTS, {"kind": "authority_read"}).json()
    assert [e["username"] for e in reads_b["results"]] == ["dasen"]
    assert client_for("director").get(EVENTS, {"kind": "authority_read"}).json()["count"] == 0


def test_filters_by_username_and_dates(world, operator):
    failed_login("teacher")
    failed_login("guardian")
    today = timezone.localdate()
    assert usernames(operator.get(EVENTS, {"username": "TEACHER"})) == ["teacher"]
    assert operator.get(EVENTS, {"date_from": today + timedelta(days=1)}).json()["count"] == 0
    assert operator.get(EVENTS, {"date_from": today, "date_to": today,
                                 "kind": "login_failed"}).json()["count"] == 2


@pytest.mark.parametrize(("params", "field"), [
    ({"kind": "hacked"}, "kind"),
    ({"date_from": "hier"}, "date_from"),
    ({"date_from": "2026-11-10", "date_to": "2026-11-01"}, "date_to"),
    ({"school": "0"}, "school"),
])
def test_a_bad_filter_is_a_400_naming_the_field(operator, params, field):
    response = operator.get(EVENTS, params)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_the_csv_export_has_one_line_per_event(world, client_for):
    failed_login("teacher")
    response = client_for("director").get(EVENTS, {"format": "csv", "kind": "login_failed"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Date;Événement;Compte")
    assert len(lines) == 2
    assert ";teacher;" in lines[1]


def test_a_username_typed_as_a_formula_reads_as_text_in_the_csv(world, operator):
    failed_login('=HYPERLINK("http://evil.example/";"Journal")')
    response = operator.get(EVENTS, {"format": "csv", "kind": "login_failed"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example/";"Journal")'


def test_the_number_of_queries_does_not_grow_with_the_events(
        world, client_for, django_assert_num_queries):
    director = client_for("director")
    failed_login("teacher")
    with CaptureQueriesContext(connection) as few:
        assert director.get(EVENTS).json()["count"] == 2  # the director's login, one failure
    for _ in range(30):
        failed_login("teacher_other")
        audit_event_record(kind=AuditKind.LOGIN_SUCCEEDED, actor=world.users["guardian"])
    with django_assert_num_queries(len(few.captured_queries)):
        response = director.get(EVENTS, {"page_size": 100})
    assert response.json()["count"] >= 62
