"""Weekly teaching time: the 24 hours of the texts count the récréations (arrêté du
9 novembre 2015; Code de l'éducation art. D521-10), not the pause méridienne."""

from datetime import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from preau.timetable.models import Subject
from preau.timetable.selectors import weekly_teaching_minutes
from tests.authority.helpers import classroom_with_pupils, inspector
from tests.timetable.factories import make_slots

pytestmark = pytest.mark.django_db


def standard_day(weekday: int) -> list[tuple]:
    """A French school day: 8:30-11:30 and 13:30-16:30, a récréation in each half-day."""
    return [
        (weekday, time(8, 30), time(10, 0), Subject.FRANCAIS),
        (weekday, time(10, 0), time(10, 15), Subject.RECREATION),
        (weekday, time(10, 15), time(11, 30), Subject.MATHEMATIQUES),
        (weekday, time(11, 30), time(13, 30), Subject.PAUSE_MERIDIENNE),
        (weekday, time(13, 30), time(14, 30), Subject.QUESTIONNER_LE_MONDE),
        (weekday, time(14, 30), time(14, 45), Subject.RECREATION),
        (weekday, time(14, 45), time(16, 30), Subject.EPS),
    ]


STANDARD_WEEK = [row for weekday in (0, 1, 3, 4) for row in standard_day(weekday)]


def test_a_standard_week_with_its_recess_is_24_hours_and_not_flagged():
    classroom, _ = classroom_with_pupils(2)
    make_slots(classroom, STANDARD_WEEK)
    client = APIClient()
    client.force_authenticate(inspector(classroom.school))

    (row,) = client.get(reverse("authority:timetable-volume")).json()["results"]

    assert (row["weekly_minutes"], row["national_weekly_minutes"],
            row["difference_minutes"]) == (24 * 60, 24 * 60, 0)


def test_the_lunch_break_is_not_teaching_time_whatever_its_subject_says():
    classroom, _ = classroom_with_pupils(1)
    rows = [row for row in STANDARD_WEEK if row[3] != Subject.PAUSE_MERIDIENNE]
    rows.append((0, time(12, 0), time(13, 0), Subject.OTHER))  # a garderie, say
    make_slots(classroom, rows)

    minutes = weekly_teaching_minutes(classroom_ids=[classroom.pk],
                                      on=classroom.school_year.start_date)

    assert minutes == {classroom.pk: 24 * 60}


def test_a_week_short_of_a_lesson_is_still_flagged():
    classroom, _ = classroom_with_pupils(1)
    make_slots(classroom, [row for row in STANDARD_WEEK if row[:2] != (4, time(14, 45))])

    minutes = weekly_teaching_minutes(classroom_ids=[classroom.pk],
                                      on=classroom.school_year.start_date)

    assert minutes == {classroom.pk: 24 * 60 - 105}


def test_the_classroom_week_says_its_weekly_teaching_time_against_the_24_hours(world,
                                                                             client_for):
    a1 = world.classrooms["A1"]
    make_slots(a1, STANDARD_WEEK)

    week = client_for("teacher").get(f"/api/v1/timetable/classrooms/{a1.pk}/week/",
                                     {"start": "2026-11-30"}).json()

    assert (week["weekly_teaching_minutes"], week["national_weekly_minutes"]) == (1440, 1440)
