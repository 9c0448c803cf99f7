"""Every page opens on the same day: the roll call, the calls not taken and the school
calendar (which feeds the register and the homework pages) answer the one rule of
``schools.calendar.default_half_day`` — on a Saturday and on a Wednesday without class.
And the director's reminder of a call not taken."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from preau.audit.models import AuditEvent
from preau.messaging.models import Conversation, Participant
from tests.attendance.helpers import MONDAY, TUESDAY, add_pupils, take_call
from tests.factories import ClassroomFactory, TeacherAssignmentFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=PARIS)
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)  # the world's schools: 4-day week


def opened_on(world, client_for) -> dict[str, tuple[str, str]]:
    """The day each page's request opens on, when it asks for none."""
    classroom, school = world.classrooms["A1"], world.schools["A"]
    sheet = client_for("teacher").get(
        f"/api/v1/attendance/classrooms/{classroom.pk}/roll-call/")
    calls = client_for("director").get(
        f"/api/v1/attendance/schools/{school.pk}/calls-not-taken/")
    calendar = client_for("guardian").get(f"/api/v1/timetable/schools/{school.pk}/calendar/")
    assert (sheet.status_code, calls.status_code, calendar.status_code) == (200, 200, 200), (
        sheet.content, calls.content, calendar.content)
    calls, defaults = calls.json(), calendar.json()["default_days"]
    last = calls["half_days"][-1]
    return {
        "roll call": (sheet.json()["date"], sheet.json()["half_day"]),
        "calls not taken": (last["date"], last["half_day"]),
        "register": (defaults["records"]["date"], defaults["records"]["half_day"]),
        "homework": (defaults["homework"]["date"], defaults["homework"]["half_day"]),
    }


@pytest.mark.parametrize(("now", "last", "following"), [
    (SATURDAY, ("2026-11-27", "afternoon"), ("2026-11-30", "morning")),
    (WEDNESDAY, ("2026-11-24", "afternoon"), ("2026-11-26", "morning")),
])
def test_every_page_opens_on_the_same_day_when_there_is_no_class(world, client_for, now, last,
                                                                 following):
    with time_machine.travel(now):
        pages = opened_on(world, client_for)

    assert pages == {"roll call": last, "calls not taken": last, "register": last,
                     "homework": following}


def test_on_saturday_the_calls_not_taken_show_the_whole_week(world, client_for):
    take_call(world.user("teacher"), world.classrooms["A1"], MONDAY)
    with time_machine.travel(SATURDAY):
        week = client_for("director").get(
            f"/api/v1/attendance/schools/{world.schools['A'].pk}/calls-not-taken/").json()

    a1, a2 = world.classrooms["A1"].pk, world.classrooms["A2"].pk
    assert (week["date"], week["week_start"]) == ("2026-11-27", "2026-11-23")
    assert [(h["date"], h["half_day"]) for h in week["half_days"]] == [
        (day, half_day) for day in ("2026-11-23", "2026-11-24", "2026-11-26", "2026-11-27")
        for half_day in ("morning", "afternoon")]
    assert [c["id"] for c in week["half_days"][0]["classrooms"]] == [a2]
    assert all([c["id"] for c in h["classrooms"]] == [a1, a2] for h in week["half_days"][1:])


def test_the_calls_not_taken_never_list_a_half_day_to_come(world, client_for):
    # Tuesday 24 November 10:00 (the module's clock): Tuesday afternoon is not due yet.
    week = client_for("director").get(
        f"/api/v1/attendance/schools/{world.schools['A'].pk}/calls-not-taken/",
        {"date": "2026-11-26"}).json()

    assert [(h["date"], h["half_day"]) for h in week["half_days"]][-1] == (
        "2026-11-24", "morning")


def test_the_calls_not_taken_of_a_week_cost_the_same_queries_whatever_its_size(
        world, client_for, django_assert_max_num_queries):
    director = client_for("director")
    url = f"/api/v1/attendance/schools/{world.schools['A'].pk}/calls-not-taken/"
    for _ in range(3):
        classroom = ClassroomFactory(school=world.schools["A"],
                                     school_year=world.classrooms["A1"].school_year)
        TeacherAssignmentFactory(classroom=classroom)
        add_pupils(classroom, 2)
    with time_machine.travel(SATURDAY), django_assert_max_num_queries(10):
        week = director.get(url).json()

    assert len(week["half_days"][-1]["classrooms"]) == 5


# --- The reminder -------------------------------------------------------------------------------


def remind(client, classroom, body):
    return client.post(f"/api/v1/attendance/classrooms/{classroom.pk}/roll-call/reminders/",
                       body, format="json")


def test_the_director_reminds_the_teacher_of_a_call_not_taken(world, client_for):
    a2 = world.classrooms["A2"]

    response = remind(client_for("director"), a2,
                      {"date": TUESDAY.isoformat(), "half_day": "morning"})

    assert response.status_code == 201, response.content
    (conversation,) = Conversation.objects.all()
    assert conversation.subject == f"Appel non fait : {a2.name}, 24/11/2026 (matin)"
    members = set(Participant.objects.filter(conversation=conversation)
                  .values_list("user_id", flat=True))
    assert members == {world.user("director").pk, world.user("teacher_other").pk}
    assert [t["id"] for t in response.json()["teachers"]] == [
        world.user("teacher_other").person_id]
    event = AuditEvent.objects.get(kind="roll_call_reminder")
    assert event.actor_id == world.user("director").pk
    assert event.object_ref == f"classroom={a2.pk} 2026-11-24 morning"


@pytest.mark.parametrize(("body", "field"), [
    ({"date": "2026-11-24", "half_day": "morning"}, "half_day"),  # A1's call is taken
    ({"date": "2026-11-24", "half_day": "afternoon"}, "date"),  # not begun yet
    ({"date": "2026-11-25", "half_day": "morning"}, "date"),  # Wednesday: no class
    ({"date": "24/11/2026", "half_day": "morning"}, "date"),
    ({"date": "2026-11-23"}, "half_day"),
])
def test_a_reminder_that_makes_no_sense_is_a_400_naming_the_field(world, client_for, body,
                                                                  field):
    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY)

    response = remind(client_for("director"), world.classrooms["A1"], body)

    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"].keys() == {field}
    assert not Conversation.objects.exists()
    assert not AuditEvent.objects.filter(kind="roll_call_reminder").exists()


def test_a_teacher_may_not_send_the_directors_reminder(world, client_for):
    response = remind(client_for("teacher"), world.classrooms["A1"],
                      {"date": MONDAY.isoformat(), "half_day": "morning"})

    assert response.status_code == 403
    assert not Conversation.objects.exists()
