"""Every authority answer costs a fixed number of queries: one school or several, one
classroom or several, a handful of pupils or many."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from preau.attendance.models import AbsenteeismCase
from preau.homework.models import LessonEntry
from preau.people.models import AuthorityRole
from preau.schools.calendar import calendar_data
from tests.authority.helpers import classroom_with_pupils, login_for, take_call
from tests.factories import CirconscriptionFactory, CommuneFactory, SchoolFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)
LISTS = ["overview", "school-list", "circonscription-list", "headcounts", "movements",
         "canteen", "attendance", "roll-calls-not-taken", "case-list", "timetable-volume"]
DETAILS = ["school-detail", "school-classrooms", "school-pupils", "classroom-detail",
           "cahier-recap", "case-detail"]


def build(schools: int, classrooms: int, pupils: int):
    commune = CommuneFactory()
    circonscriptions = [CirconscriptionFactory(departement=commune.departement)
                        for _ in range(min(schools, 2))]
    first_classroom, first_case = None, None
    for n in range(schools):
        school = SchoolFactory(commune=commune, circonscription=circonscriptions[n % 2])
        for m in range(classrooms):
            classroom, enrolled = classroom_with_pupils(pupils, school=school, name=f"C{m}")
            take_call(classroom, MONDAY, absent=enrolled[:2], late=enrolled[2:3])
            case = AbsenteeismCase.objects.create(
                pupil=enrolled[0], classroom=classroom, month=date(2026, 11, 1),
                unjustified_half_days=4, opened_at="2026-11-20T10:00:00+01:00")
            LessonEntry.objects.create(classroom=classroom, date=MONDAY, subject="francais",
                                       title="Dictée", author=classroom.assignments.first().person)
            first_classroom = first_classroom or classroom
            first_case = first_case or case
    viewers = {
        "dasen": login_for(AuthorityRole.DASEN, departement=commune.departement),
        "commune": login_for(AuthorityRole.COMMUNE, commune=commune),
    }
    return viewers, first_classroom, first_case


def count_queries(user, name, kwargs=None, params=None) -> int:
    client = APIClient()
    client.force_login(user)
    calendar_data()  # the holiday table is read once per process and change, not counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"authority:{name}", kwargs=kwargs), params)
    assert response.status_code == 200, (name, response.content)
    return len(queries)


def _kwargs(name, classroom, case):
    if name in {"school-detail", "school-classrooms", "school-pupils"}:
        return {"school_id": classroom.school_id}
    if name in {"classroom-detail", "cahier-recap"}:
        return {"classroom_id": classroom.pk}
    if name == "case-detail":
        return {"case_id": case.pk}
    return None


def measure(schools, classrooms, pupils) -> dict[tuple, int]:
    viewers, classroom, case = build(schools, classrooms, pupils)
    counts = {}
    for role, user in viewers.items():
        for name in LISTS + DETAILS:
            if role == "commune" and name in {"cahier-recap", "case-detail"}:
                continue
            counts[(role, name)] = count_queries(user, name, _kwargs(name, classroom, case))
        for params in [{"period": "day", "by": "classroom"}, {"period": "month"},
                       {"format": "csv"}]:
            counts[(role, "attendance", str(params))] = count_queries(user, "attendance",
                                                                      params=params)
        counts[(role, "roll-calls-not-taken", "month")] = count_queries(
            user, "roll-calls-not-taken", params={"period": "month"})
    return counts


def test_the_number_of_queries_does_not_grow_with_schools_classrooms_or_pupils(db):
    small = measure(schools=1, classrooms=1, pupils=3)
    AbsenteeismCase.objects.all().delete()
    large = measure(schools=4, classrooms=3, pupils=8)
    assert large == small
    assert max(small.values()) <= 16
