"""The send quota, the school's hours for family messages, and staff quiet hours."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from preau.messaging.models import Conversation, Message, QuietHours, SchoolMessagingSettings
from preau.schools.calendar import OffKind, school_days
from preau.schools.models import SchoolClosure, SchoolYear
from tests.messaging.helpers import (
    CREATE,
    a_day_this_school_year,
    at,
    messages_url,
    start_conversation,
)

pytestmark = pytest.mark.django_db

MONDAY, WEDNESDAY, SATURDAY = 0, 2, 5


def test_sends_beyond_the_quota_answer_429_and_write_nothing(world, client_of, live, settings):
    settings.PREAU_MESSAGING_SEND_QUOTA = 3
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    for text in ["deux", "trois"]:
        assert guardian.post(messages_url(conversation["id"]), {"body": text},
                             format="json").status_code == 201
    # when the fourth message goes beyond the quota
    sent, response = live(lambda: guardian.post(messages_url(conversation["id"]),
                                                {"body": "quatre"}, format="json"))
    # then 429, a clear message, when to retry, nothing stored, nothing pushed
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "send_quota_exceeded"
    assert "limite de 3 messages" in error["message"]
    assert 0 < int(response["Retry-After"]) <= settings.PREAU_MESSAGING_SEND_QUOTA_WINDOW_SECONDS
    assert Message.objects.count() == 3
    assert sent == []
    # and a new conversation is refused the same way
    response = guardian.post(CREATE, {"recipients": [world.user("director").pk],
                                      "subject": "x", "body": "y"}, format="json")
    assert response.status_code == 429
    assert Conversation.objects.count() == 1


def test_the_quota_counts_every_family_a_send_reaches(world, client_of, settings):
    settings.PREAU_MESSAGING_SEND_QUOTA = 1
    teacher = client_of(world.user("teacher"))
    response = teacher.post(CREATE, {
        "recipients": [world.user("guardian").pk, world.user("guardian_2").pk],
        "subject": "Sortie", "body": "Bonjour"}, format="json")
    assert response.status_code == 429
    assert Message.objects.count() == 0


def test_old_messages_leave_the_quota_window(world, client_of, settings):
    settings.PREAU_MESSAGING_SEND_QUOTA = 1
    guardian = client_of(world.user("guardian"))
    monday = a_day_this_school_year(MONDAY)
    with time_machine.travel(at(monday, 9), tick=False):
        conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    with time_machine.travel(at(monday, 10, 1), tick=False):
        response = guardian.post(messages_url(conversation["id"]), {"body": "Encore"},
                                 format="json")
    assert response.status_code == 201


def refuse_family_messages_outside_hours(world) -> None:
    SchoolMessagingSettings.objects.create(school=world.schools["A"],
                                           refuses_family_messages_outside_hours=True)


def test_a_family_message_outside_school_hours_is_refused_with_a_clear_message(
    world, client_of, live
):
    refuse_family_messages_outside_hours(world)
    guardian = client_of(world.user("guardian"))
    with time_machine.travel(at(a_day_this_school_year(MONDAY), 20), tick=False):
        sent, response = live(lambda: guardian.post(CREATE, {
            "recipients": [world.user("teacher").pk], "subject": "Demain",
            "body": "Léa aura un rendez-vous."}, format="json"))
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "outside_school_hours"
    assert "en dehors du temps scolaire" in error["message"]
    assert "08 h 30 à 16 h 30" in error["message"]
    assert Message.objects.count() == 0
    assert sent == []


@pytest.mark.parametrize(("weekday", "hour", "allowed"), [
    (MONDAY, 8, False), (MONDAY, 9, True), (MONDAY, 12, True), (MONDAY, 16, True),
    (MONDAY, 17, False), (WEDNESDAY, 10, False), (SATURDAY, 10, False),
])
def test_family_messages_are_accepted_during_the_school_week_only(
    world, client_of, weekday, hour, allowed
):
    refuse_family_messages_outside_hours(world)
    guardian = client_of(world.user("guardian"))
    with time_machine.travel(at(a_day_this_school_year(weekday), hour), tick=False):
        response = guardian.post(CREATE, {"recipients": [world.user("teacher").pk],
                                          "subject": "Question", "body": "Bonjour"},
                                 format="json")
    assert response.status_code == (201 if allowed else 403)


def test_a_wednesday_morning_counts_in_a_four_and_a_half_day_week(world, client_of):
    refuse_family_messages_outside_hours(world)
    world.schools["A"].week_pattern = "4.5"
    world.schools["A"].save(update_fields=["week_pattern"])
    guardian = client_of(world.user("guardian"))
    with time_machine.travel(at(a_day_this_school_year(WEDNESDAY), 10), tick=False):
        response = guardian.post(CREATE, {"recipients": [world.user("teacher").pk],
                                          "subject": "Question", "body": "Bonjour"},
                                 format="json")
    assert response.status_code == 201


def a_holiday_weekday_of(school) -> date:
    """A Monday, Tuesday, Thursday or Friday of this school year in the school's holidays."""
    start, end = SchoolYear.bounds_for(timezone.localdate())
    for day in school_days(school=school, start=start, end=end):
        if day.off and day.off.kind == OffKind.HOLIDAY and day.date.weekday() in {0, 1, 3, 4}:
            return day.date
    raise AssertionError("no holiday in this school year")


def test_a_family_message_during_the_holidays_is_outside_school_hours(world, client_of):
    refuse_family_messages_outside_hours(world)
    guardian = client_of(world.user("guardian"))
    holiday = a_holiday_weekday_of(world.schools["A"])
    # when a guardian writes at ten on a weekday of the school's holidays
    with time_machine.travel(at(holiday, 10), tick=False):
        response = guardian.post(CREATE, {"recipients": [world.user("teacher").pk],
                                          "subject": "Question", "body": "Bonjour"},
                                 format="json")
    # then the school's rule refuses it as on an evening
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "outside_school_hours"
    assert Message.objects.count() == 0


def test_a_family_message_on_a_closure_day_is_outside_school_hours(world, client_of):
    refuse_family_messages_outside_hours(world)
    guardian = client_of(world.user("guardian"))
    monday = a_day_this_school_year(MONDAY)
    SchoolClosure.objects.create(school=world.schools["A"], start_date=monday, end_date=monday,
                                 reason="Grève")
    with time_machine.travel(at(monday, 10), tick=False):
        closed = guardian.post(CREATE, {"recipients": [world.user("teacher").pk],
                                        "subject": "Question", "body": "Bonjour"}, format="json")
    # a closed afternoon only leaves the morning open
    tuesday = monday + timedelta(days=1)
    SchoolClosure.objects.create(school=world.schools["A"], start_date=tuesday,
                                 end_date=tuesday, half_day="afternoon", reason="Travaux")
    with time_machine.travel(at(tuesday, 10), tick=False):
        morning = guardian.post(CREATE, {"recipients": [world.user("teacher").pk],
                                         "subject": "Matin", "body": "Bonjour"}, format="json")
    with time_machine.travel(at(tuesday, 14), tick=False):
        afternoon = guardian.post(CREATE, {"recipients": [world.user("teacher").pk],
                                           "subject": "Après-midi", "body": "Bonjour"},
                                  format="json")
    assert closed.status_code == 403
    assert closed.json()["error"]["code"] == "outside_school_hours"
    assert morning.status_code == 201
    assert afternoon.status_code == 403
    assert Message.objects.count() == 1


def test_replies_from_families_follow_the_same_rule_but_staff_write_at_any_hour(
    world, client_of
):
    teacher, guardian = client_of(world.user("teacher")), client_of(world.user("guardian"))
    conversation = start_conversation(teacher, recipients=[world.user("guardian")])
    refuse_family_messages_outside_hours(world)
    with time_machine.travel(at(a_day_this_school_year(MONDAY), 21), tick=False):
        assert guardian.post(messages_url(conversation["id"]), {"body": "Merci"},
                             format="json").status_code == 403
        assert teacher.post(messages_url(conversation["id"]), {"body": "Bonne soirée"},
                            format="json").status_code == 201


def test_a_school_that_accepts_messages_at_any_hour_refuses_nothing(world, client_of):
    guardian = client_of(world.user("guardian"))
    with time_machine.travel(at(a_day_this_school_year(SATURDAY), 22), tick=False):
        response = guardian.post(CREATE, {"recipients": [world.user("teacher").pk],
                                          "subject": "Question", "body": "Bonjour"},
                                 format="json")
    assert response.status_code == 201


def test_during_quiet_hours_the_message_arrives_but_nothing_is_pushed(world, client_of, live):
    # given a teacher quiet from 19:00 to 07:30
    teacher_user = world.user("teacher")
    client_of(teacher_user).put("/api/v1/messaging/quiet-hours/", {
        "is_enabled": True, "starts_at": "19:00", "ends_at": "07:30",
        "includes_weekends": True}, format="json")
    guardian = client_of(world.user("guardian"))
    monday = a_day_this_school_year(MONDAY)
    # when a guardian writes at 20:00
    with time_machine.travel(at(monday, 20), tick=False):
        sent, response = live(lambda: guardian.post(CREATE, {
            "recipients": [teacher_user.pk], "subject": "Soir", "body": "Bonsoir"},
            format="json"))
    # then the message is stored and in the inbox, but no push went out
    assert response.status_code == 201
    assert sent == []
    assert client_of(teacher_user).get("/api/v1/messaging/unread/").json()["unread_messages"] == 1
    # and at 10:00 the same message would be pushed
    with time_machine.travel(at(monday, 10), tick=False):
        sent, _ = live(lambda: guardian.post(CREATE, {
            "recipients": [teacher_user.pk], "subject": "Matin", "body": "Bonjour"},
            format="json"))
    assert [ids for _, ids in sent] == [[teacher_user.pk]]


@pytest.mark.parametrize(("weekday", "hour", "quiet"), [
    (MONDAY, 12, False), (MONDAY, 13, True), (MONDAY, 14, False), (SATURDAY, 10, True),
])
def test_quiet_hours_within_a_day_and_on_weekends(world, client_of, live, weekday, hour, quiet):
    teacher_user = world.user("teacher")
    QuietHours.objects.create(user=teacher_user, starts_at="12:30", ends_at="13:45",
                              includes_weekends=True)
    guardian = client_of(world.user("guardian"))
    with time_machine.travel(at(a_day_this_school_year(weekday), hour), tick=False):
        sent, response = live(lambda: guardian.post(CREATE, {
            "recipients": [teacher_user.pk], "subject": "Question", "body": "Bonjour"},
            format="json"))
    assert response.status_code == 201
    assert (sent == []) is quiet


def test_quiet_hours_are_read_back_and_validated(world, client_of):
    client = client_of(world.user("teacher"))
    assert client.get("/api/v1/messaging/quiet-hours/").json()["is_enabled"] is False
    response = client.put("/api/v1/messaging/quiet-hours/", {
        "is_enabled": True, "starts_at": "19:00", "ends_at": "19:00"}, format="json")
    assert (response.status_code, list(response.json()["error"]["fields"])) == (400, ["ends_at"])
    response = client.put("/api/v1/messaging/quiet-hours/", {
        "is_enabled": True, "starts_at": "25:00", "ends_at": "07:00"}, format="json")
    assert (response.status_code, list(response.json()["error"]["fields"])) == (400, ["starts_at"])
    client.put("/api/v1/messaging/quiet-hours/", {
        "is_enabled": True, "starts_at": "19:00", "ends_at": "07:30",
        "includes_weekends": False}, format="json")
    assert client.get("/api/v1/messaging/quiet-hours/").json() == {
        "is_enabled": True, "starts_at": "19:00:00", "ends_at": "07:30:00",
        "includes_weekends": False}


def test_only_the_director_changes_the_school_settings(world, client_of):
    url = f"/api/v1/messaging/schools/{world.schools['A'].pk}/settings/"
    body = {"pupils_may_write": True, "refuses_family_messages_outside_hours": True}
    assert client_of(world.user("teacher")).put(url, body, format="json").status_code == 403
    response = client_of(world.user("director")).put(url, body, format="json")
    assert response.status_code == 200
    assert client_of(world.user("guardian")).get(url).json() == {
        "school_id": world.schools["A"].pk, **body}
    response = client_of(world.user("director")).put(url, {"pupils_may_write": "peut-être"},
                                                     format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {
        "pupils_may_write", "refuses_family_messages_outside_hours"}
