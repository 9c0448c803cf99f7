"""Each role lists exactly the absences and L131-8 cases of its scope (the world of
tests/world.py, one absence and one case per classroom)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from preau.attendance.access import (
    absences_visible_to,
    children_absences_visible_to,
    roll_calls_visible_to,
)
from preau.attendance.models import Absence
from preau.attendance.selectors import absence_list
from preau.people.access import Purpose
from preau.timetable.models import TimetableException
from tests.attendance.helpers import MONDAY, TUESDAY
from tests.attendance.scope import (
    ABSENCES_LISTED,
    AUTHENTICATED,
    CASES_LISTED,
    FAMILIES,
    everyone,
    with_attendance,
)
from tests.factories import RollCallFactory
from tests.timetable.factories import make_slots

pytestmark = pytest.mark.django_db


def listed(world, client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    by_pk = {pupil.pk: key for key, pupil in world.pupils.items()}
    return {by_pk[item["pupil"]["id"]] for item in response.json()["results"]}


@pytest.mark.parametrize("role", AUTHENTICATED)
def test_each_role_lists_exactly_the_absences_and_cases_of_its_scope(world, client_for, role):
    with_attendance(world)
    client = client_for(role)

    assert listed(world, client, "/api/v1/attendance/absences/") == ABSENCES_LISTED[role]
    assert listed(world, client, "/api/v1/attendance/cases/") == CASES_LISTED[role]


@pytest.mark.parametrize("role", AUTHENTICATED)
def test_the_family_share_of_the_absences_is_one_s_children_s_only(world, role):
    """``children_absences_visible_to`` (the family home page): the absences of one's own
    children, none for staff, always among those ``absences_visible_to`` lets through."""
    with_attendance(world)
    user = world.user(role)
    by_pk = {pupil.pk: key for key, pupil in world.pupils.items()}
    children = children_absences_visible_to(user, purpose=Purpose.READ)
    visible = absences_visible_to(user, purpose=Purpose.READ)

    assert {by_pk[a.pupil_id] for a in children} == everyone(FAMILIES)[role]
    assert set(children.values_list("pk", flat=True)) <= set(visible.values_list("pk", flat=True))


def test_a_replacement_teacher_lists_the_absences_of_the_day_replaced_only(world, client_for):
    """The replacement arm of the rule: the classroom's calls of the day one replaced its
    teacher, not those of its other days."""
    with_attendance(world)
    classroom, pupil = world.classrooms["A1"], world.pupils["A1"]
    teacher = classroom.assignments.first().person
    monday = RollCallFactory(classroom=classroom, date=MONDAY, half_day="morning",
                             taken_by=teacher,
                             taken_at=datetime(2026, 11, 23, 8, 30, tzinfo=ZoneInfo("Europe/Paris")))
    Absence.objects.create(roll_call=monday, pupil=pupil, date=MONDAY, half_day="morning",
                           kind="absent")
    replacement = world.user("teacher_other")
    own = listed(world, client_for("teacher_other"), "/api/v1/attendance/absences/")
    TimetableException.objects.create(classroom=classroom, date=TUESDAY, kind="replaced",
                                      slot=make_slots(classroom)[1],  # Tuesday 8:30
                                      replacement_teacher=replacement.person)

    response = client_for("teacher_other").get("/api/v1/attendance/absences/")

    dates = {(item["pupil"]["id"], item["date"]) for item in response.json()["results"]}
    assert (pupil.pk, TUESDAY.isoformat()) in dates
    assert (pupil.pk, MONDAY.isoformat()) not in dates
    assert len(dates) == len(own) + 1
    calls = roll_calls_visible_to(replacement, purpose=Purpose.READ)
    assert set(calls.filter(classroom=classroom).values_list("date", flat=True)) == {TUESDAY}


def test_a_guardian_s_absence_list_reads_the_family_arm_alone_in_few_relations(world):
    """A guardian who is not staff: no arm of the calls (whose ``OR`` with the family arm
    made PostgreSQL read every roll call of the département), and the list's query within
    PostgreSQL's ``join_collapse_limit`` (8 relations, the rule's subquery included), past
    which the rule is joined last, after every absence (7 to 10 s at the département's
    scale, docs/benchmarks.md)."""
    with_attendance(world)
    guardian = world.user("guardian")
    sql = str(absences_visible_to(guardian, purpose=Purpose.READ).query)
    listed_sql = str(absence_list(viewer=guardian, filters={}).query)
    outer = listed_sql.split(" WHERE ")[0]

    assert "attendance_rollcall" not in sql, sql
    assert " OR " not in sql, sql
    assert 1 + outer.count(" JOIN ") + 1 <= 8, listed_sql


def test_lists_need_a_login(api_client):
    assert api_client.get("/api/v1/attendance/absences/").status_code == 401
    assert api_client.get("/api/v1/attendance/cases/").status_code == 401
