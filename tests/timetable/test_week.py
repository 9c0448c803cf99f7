"""Week views: lessons merged with exceptions and holidays, for each child in one call."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.timetable import services
from tests.factories import (
    ClassroomFactory,
    EnrolmentFactory,
    GuardianshipFactory,
    PupilFactory,
    TeacherAssignmentFactory,
)
from tests.timetable.factories import make_slots

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)  # a full school week in every zone


def week(client, **params):
    response = client.get("/api/v1/timetable/children/week/", params)
    assert response.status_code == 200, response.content
    return response.json()


def day_of(pupil_week, on: date) -> dict:
    return next(d for d in pupil_week["days"] if d["date"] == on.isoformat())


def test_guardian_sees_each_childs_week_with_cancellation_replacement_move_and_outing(
    world, client_for
):
    a1 = world.classrooms["A1"]
    director = world.user("director")
    slots = make_slots(a1)
    french_monday, maths_monday = slots[0], slots[8]
    services.exception_create(actor=director, classroom=a1, kind="cancelled", date=MONDAY,
                              slot=french_monday, reason="Enseignante absente, non remplacée")
    services.exception_create(actor=director, classroom=a1, kind="replaced", date=MONDAY,
                              slot=maths_monday, replacement_name="M. Dupuis")
    services.exception_create(actor=director, classroom=a1, kind="moved",
                              date=MONDAY + timedelta(days=1), slot=slots[1],
                              new_date=MONDAY + timedelta(days=3), start_time=time(14, 0),
                              end_time=time(15, 0))
    services.exception_create(actor=director, classroom=a1, kind="extra",
                              date=MONDAY + timedelta(days=4), title="Sortie au musée",
                              activity="sortie", start_time=time(9, 0), end_time=time(16, 0))
    second = PupilFactory(first_name="Tom")
    GuardianshipFactory(guardian=world.user("guardian").person, pupil=second)
    EnrolmentFactory(pupil=second, classroom=world.classrooms["A2"], level="CM1")
    make_slots(world.classrooms["A2"])

    weeks = week(client_for("guardian"), start=MONDAY.isoformat())

    assert [w["pupil"]["first_name"] for w in weeks] == ["Léa", "Tom"]
    lea_monday = day_of(weeks[0], MONDAY)["occurrences"]
    cancelled = next(o for o in lea_monday if o["start_time"] == "08:30:00")
    assert (cancelled["status"], cancelled["reason"]) == (
        "cancelled", "Enseignante absente, non remplacée")
    replaced = next(o for o in lea_monday if o["start_time"] == "10:15:00")
    assert (replaced["status"], replaced["replacement_name"]) == ("replaced", "M. Dupuis")
    away = next(o for o in day_of(weeks[0], MONDAY + timedelta(days=1))["occurrences"]
                if o["status"] == "moved_away")
    assert away["moved_to"] == (MONDAY + timedelta(days=3)).isoformat()
    moved_in = next(o for o in day_of(weeks[0], MONDAY + timedelta(days=3))["occurrences"]
                    if o["status"] == "moved_in")
    assert (moved_in["start_time"], moved_in["uid"]) == ("14:00:00", away["uid"])
    outing = [o for o in day_of(weeks[0], MONDAY + timedelta(days=4))["occurrences"]
              if o["status"] == "extra"]
    assert [o["title"] for o in outing] == ["Sortie au musée"]
    tom_monday = day_of(weeks[1], MONDAY)["occurrences"]
    assert {o["status"] for o in tom_monday} == {"scheduled"}


def test_a_holiday_says_which_and_has_no_lesson(world, client_for):
    make_slots(world.classrooms["A1"])
    christmas_week = week(client_for("guardian"), start="2026-12-21")[0]
    assert {d["off"]["label"] for d in christmas_week["days"]} == {"Vacances de Noël"}
    assert all(d["occurrences"] == [] for d in christmas_week["days"])


def test_wednesday_is_a_day_without_class_in_a_four_day_week(world, client_for):
    make_slots(world.classrooms["A1"])
    wednesday = day_of(week(client_for("pupil"), start=MONDAY.isoformat())[0],
                       MONDAY + timedelta(days=2))
    assert wednesday["is_school_day"] is False
    assert wednesday["off"]["kind"] == "weekend"


def test_the_default_range_is_the_current_week_from_monday(world, client_for):
    body = week(client_for("guardian"))[0]
    start = date.fromisoformat(body["start"])
    assert start.weekday() == 0
    assert len(body["days"]) == 7


@pytest.mark.parametrize(
    ("params", "field"),
    [({"start": "2026-12-07", "end": "2026-12-01"}, "end"),
     ({"start": "2026-09-01", "end": "2026-12-31"}, "end"),
     ({"start": "30/11/2026"}, "start")],
)
def test_bad_dates_get_a_400_naming_the_field(world, client_for, params, field):
    response = client_for("guardian").get("/api/v1/timetable/children/week/", params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def _family(world, children: int, exceptions_per_class: int):
    guardian = world.user("guardian").person
    director = world.user("director")
    for _ in range(children):
        classroom = ClassroomFactory(school=world.schools["A"])
        TeacherAssignmentFactory(classroom=classroom)
        slots = make_slots(classroom)
        for slot in slots[:exceptions_per_class]:
            services.exception_create(actor=director, classroom=classroom, kind="cancelled",
                                      date=MONDAY + timedelta(days=slot.weekday), slot=slot)
        child = PupilFactory()
        GuardianshipFactory(guardian=guardian, pupil=child)
        EnrolmentFactory(pupil=child, classroom=classroom)


def queries_for(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_week_views_cost_the_same_queries_whatever_the_slots_exceptions_and_children(
    world, client_for
):
    client = client_for("guardian")
    params = {"start": MONDAY.isoformat()}
    url = "/api/v1/timetable/children/week/"
    _family(world, children=1, exceptions_per_class=1)
    few = queries_for(client, url, params)
    _family(world, children=3, exceptions_per_class=6)
    assert queries_for(client, url, params) == few

    classroom_url = f"/api/v1/timetable/classrooms/{world.classrooms['A1'].pk}/week/"
    director = client_for("director")
    before = queries_for(director, classroom_url, params)
    make_slots(world.classrooms["A1"])
    services.exception_create(actor=world.user("director"), classroom=world.classrooms["A1"],
                              kind="extra", date=MONDAY, title="Piscine", start_time=time(14),
                              end_time=time(15))
    assert queries_for(director, classroom_url, params) == before


def test_teacher_day_lists_own_lessons_and_replacements_elsewhere(world, client_for):
    a1, a2 = world.classrooms["A1"], world.classrooms["A2"]
    make_slots(a1)
    other_slots = make_slots(a2)
    teacher = world.user("teacher").person
    services.exception_create(actor=world.user("director"), classroom=a2, kind="replaced",
                              date=MONDAY, slot=other_slots[0], replacement_teacher=teacher)

    body = client_for("teacher").get("/api/v1/timetable/teacher/day/",
                                     {"date": MONDAY.isoformat()}).json()

    lessons = [(o["classroom_id"], o["start_time"]) for o in body["occurrences"]]
    assert (a2.pk, "08:30:00") in lessons
    assert sum(1 for c, _ in lessons if c == a1.pk) == 5


def test_the_week_says_who_may_edit_and_which_half_day_is_closed(world, client_for):
    from preau.schools.models import SchoolClosure

    a1 = world.classrooms["A1"]
    make_slots(a1)
    SchoolClosure.objects.create(school=a1.school, start_date=MONDAY, end_date=MONDAY,
                                 half_day="afternoon", reason="Conseil des maîtres")
    url = f"/api/v1/timetable/classrooms/{a1.pk}/week/"
    params = {"start": MONDAY.isoformat()}
    rights = {role: (body["can_edit_slots"], body["can_edit_exceptions"]) for role in
              ("director", "teacher", "guardian")
              for body in [client_for(role).get(url, params).json()]}
    assert rights == {"director": (True, True), "teacher": (False, True),
                      "guardian": (False, False)}
    monday = client_for("guardian").get(url, params).json()["days"][0]
    assert monday["half_days_off"] == [
        {"half_day": "afternoon", "kind": "closure", "label": "Conseil des maîtres"}]
    assert {o["classroom_name"] for o in monday["occurrences"]} == {"CE2 A"}


def test_the_teacher_day_names_the_classroom_or_why_there_is_no_class(world, client_for):
    make_slots(world.classrooms["A1"])
    teacher = client_for("teacher")
    day = teacher.get("/api/v1/timetable/teacher/day/", {"date": MONDAY.isoformat()}).json()
    assert day["off"] is None
    assert day["occurrences"][0]["classroom_name"] == "CE2 A"
    christmas = teacher.get("/api/v1/timetable/teacher/day/", {"date": "2026-12-22"}).json()
    assert christmas["off"]["label"] == "Vacances de Noël"


def test_colleagues_see_the_school_staff_families_do_not(world, client_for):
    url = f"/api/v1/schools/{world.schools['A'].pk}/staff/"
    staff = client_for("teacher").get(url).json()["results"]
    assert {(s["role"], s["classroom"]["name"] if s["classroom"] else None) for s in staff} == {
        ("teacher", "CE2 A"), ("teacher", "CM1-CM2"), ("director", None)}
    assert client_for("guardian").get(url).status_code == 404
