"""The expected pupil half-days add up the pupils each call stored (``RollCall.pupil_count``);
they still equal their definition: for each call taken, the pupils enrolled in its
classroom on its date."""

from __future__ import annotations

import importlib
from collections import defaultdict
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from preau.attendance.models import RollCall
from preau.people.selectors import enrolments_active_on
from tests.authority.helpers import classroom_with_pupils, dasen, take_call
from tests.factories import CirconscriptionFactory, EnrolmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db

SEPTEMBER_1, TUESDAY = date(2026, 9, 1), date(2026, 11, 24)


def school_days(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() in (0, 1, 3, 4):
            days.append(day)
        day += timedelta(days=1)
    return days


@pytest.fixture
def moving_classrooms():
    """Two schools of two circonscriptions of one département, three classrooms whose pupils
    come and go during the autumn, calls on every school day since 1 September (a few
    missed): the enrolled count differs from call to call."""
    first = SchoolFactory()
    second = SchoolFactory(circonscription=CirconscriptionFactory(
        departement=first.circonscription.departement))
    classrooms = []
    for school, size in ((first, 6), (first, 9), (second, 4)):
        classroom, _ = classroom_with_pupils(size, school=school)
        classrooms.append(classroom)
    for index, classroom in enumerate(classrooms):
        EnrolmentFactory(classroom=classroom, start_date=date(2026, 9, 14 + index))  # arrives
        EnrolmentFactory(classroom=classroom, end_date=date(2026, 10, 16))  # leaves
        EnrolmentFactory(classroom=classroom, start_date=date(2026, 11, 2),
                         end_date=date(2026, 11, 20))  # stays three weeks
    for index, classroom in enumerate(classrooms):
        for number, day in enumerate(school_days(SEPTEMBER_1, TUESDAY)):
            if (number + index) % 17 == 0:
                continue  # a call not taken
            take_call(classroom, day)
            if day != TUESDAY:
                take_call(classroom, day, "afternoon")
    return classrooms


def enrolled_on(classroom, day: date) -> int:
    return enrolments_active_on(day).filter(classroom=classroom).count()


def by_definition(classrooms) -> dict[tuple[int, str], tuple[int, int]]:
    """(classroom, month) → (Σ pupils enrolled on each call's date, most pupils in a call)."""
    expected, most = defaultdict(int), defaultdict(int)
    for call in RollCall.objects.filter(classroom__in=classrooms):
        key = (call.classroom_id, call.date.replace(day=1).isoformat())
        pupils = enrolled_on(call.classroom, call.date)
        expected[key] += pupils
        most[key] = max(most[key], pupils)
    return {key: (expected[key], most[key]) for key in expected}


def test_the_trend_per_classroom_equals_the_enrolments_of_each_call(moving_classrooms):
    api = APIClient()
    api.force_login(dasen(moving_classrooms[0].school))

    response = api.get(reverse("authority:attendance"),
                       {"period": "month", "date_from": "2026-09-01", "by": "classroom",
                        "page_size": 200})

    rows = response.json()["results"]
    assert len(rows) == 9  # three classrooms × September, October, November
    assert {(row["classroom"]["id"], row["period_start"]):
            (row["expected_half_days"], row["pupils"]) for row in rows} == (
        by_definition(moving_classrooms))
    november = [row for row in rows if row["period_start"] == "2026-11-01"]
    assert {row["pupils"] for row in november} == {8, 11, 6}  # the three-week pupil counted


def test_the_circonscriptions_sum_the_enrolments_of_each_call(moving_classrooms):
    api = APIClient()
    api.force_login(dasen(moving_classrooms[0].school))
    definition = by_definition(moving_classrooms)

    for month in ("2026-09", "2026-10", "2026-11"):
        rows = api.get(reverse("authority:circonscription-list"), {"month": month}
                       ).json()["results"]
        per_circonscription = defaultdict(int)
        for classroom in moving_classrooms:
            per_circonscription[classroom.school.circonscription.code] += (
                definition[(classroom.pk, f"{month}-01")][0])
        assert {row["code"]: row["expected_half_days"] for row in rows} == per_circonscription


def test_the_migration_fills_in_the_calls_taken_before_it(moving_classrooms):
    definition = {call.pk: enrolled_on(call.classroom, call.date)
                  for call in RollCall.objects.select_related("classroom")}
    RollCall.objects.update(pupil_count=0)
    migration = importlib.import_module("preau.attendance.migrations.0002_rollcall_pupil_count")

    migration.backfill_pupil_count(apps, SimpleNamespace(connection=connection))

    assert dict(RollCall.objects.values_list("pk", "pupil_count")) == definition
    assert len(set(definition.values())) > 3  # not one number for every call
