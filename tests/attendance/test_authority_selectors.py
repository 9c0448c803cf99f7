"""What the authority issue will reuse: L131-8 cases for IEN and DASEN, aggregate rates."""

from __future__ import annotations

from datetime import date

import pytest

from preau.attendance.access import cases_visible_to
from preau.attendance.figures import attendance_rates
from preau.attendance.models import AbsenteeismCase
from preau.people.access import Purpose
from preau.schools.models import School
from tests.attendance.helpers import MONDAY, TUESDAY, add_pupils, take_call

pytestmark = pytest.mark.django_db


def test_inspectors_and_the_dasen_see_the_cases_of_their_schools_communes_none(world):
    cases = {key: AbsenteeismCase.objects.create(
        pupil=world.pupils[key], classroom=world.classrooms[key], month=date(2026, 11, 1),
        unjustified_half_days=4, opened_at="2026-11-20T10:00:00+01:00")
        for key in ("A1", "B1", "C1")}

    def seen(role):
        return set(cases_visible_to(world.user(role), purpose=Purpose.INSPECT)
                   .values_list("pk", flat=True))

    assert seen("inspector") == {cases["A1"].pk}
    assert seen("inspector_other") == {cases["B1"].pk}
    assert seen("dasen") == {cases["A1"].pk, cases["B1"].pk}
    assert seen("commune") == set()
    assert seen("director") == set()


def test_attendance_rates_count_pupil_half_days_per_school(world):
    classroom = world.classrooms["A1"]
    late = add_pupils(classroom, 3)[0]  # 4 pupils in A1
    take_call(world.user("teacher"), classroom, MONDAY, absent=[world.pupils["A1"]])
    take_call(world.user("teacher"), classroom, TUESDAY, late={late: 5})
    take_call(world.user("director"), world.classrooms["A2"], TUESDAY)  # 1 pupil, present

    (school_a,) = attendance_rates(schools=School.objects.filter(pk=world.schools["A"].pk),
                                   start=date(2026, 11, 1), end=date(2026, 11, 30))

    assert school_a == {"school_id": world.schools["A"].pk, "expected_half_days": 9,
                        "absent_half_days": 1, "unjustified_half_days": 1, "late_arrivals": 1,
                        "attendance_rate": round(1 - 1 / 9, 4)}
