"""Each call keeps the number of pupils enrolled in its classroom that day: the authority
figures (expected pupil half-days) add up these numbers."""

from __future__ import annotations

from datetime import date

import pytest

from preau.attendance.models import RollCall
from preau.people.models import Enrolment
from tests.attendance.helpers import MONDAY, TUESDAY, add_pupils, marks, take_call
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_the_call_stores_the_pupils_enrolled_that_day_only(world, client_for):
    classroom = world.classrooms["A1"]
    léa = world.pupils["A1"]
    add_pupils(classroom, 3)
    EnrolmentFactory(classroom=classroom, end_date=MONDAY)  # left on Monday
    EnrolmentFactory(classroom=classroom, start_date=date(2026, 11, 25))  # arrives Wednesday
    EnrolmentFactory(classroom=classroom, end_date=TUESDAY)  # leaves after Tuesday
    add_pupils(world.classrooms["A2"], 2)  # another classroom of the school

    response = client_for("teacher").post(
        f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/",
        {"date": "2026-11-24", "half_day": "morning", "absences": marks([léa])}, format="json")

    assert response.status_code == 201, response.content
    call = RollCall.objects.get(pk=response.json()["id"])
    assert call.pupil_count == 5  # Léa, the three added, and the pupil whose last day it is


def test_a_call_with_nobody_absent_stores_the_whole_class(world):
    classroom = world.classrooms["A1"]
    add_pupils(classroom, 6)

    call = take_call(world.user("teacher"), classroom, TUESDAY)

    assert call.pupil_count == 7


def test_a_correction_recounts_the_pupils_enrolled_that_day(world, client_for):
    classroom = world.classrooms["A1"]
    léa = world.pupils["A1"]
    newcomer, *_ = add_pupils(classroom, 2)
    call = take_call(world.user("teacher"), classroom, TUESDAY, absent=[léa])
    assert call.pupil_count == 3
    # the secretary records late that a pupil left on Monday and another came on Tuesday
    Enrolment.objects.filter(pupil=newcomer).update(end_date=MONDAY)
    EnrolmentFactory(classroom=classroom, start_date=TUESDAY)
    EnrolmentFactory(classroom=classroom, start_date=TUESDAY)
    client = client_for("teacher")
    etag = client.get(f"/api/v1/attendance/roll-calls/{call.pk}/")["ETag"]

    response = client.put(f"/api/v1/attendance/roll-calls/{call.pk}/",
                          {"absences": []}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.content
    call.refresh_from_db()
    assert (call.version, call.pupil_count) == (2, 4)


def test_a_correction_that_changes_no_absence_still_recounts_the_pupils(world, client_for):
    classroom = world.classrooms["A1"]
    call = take_call(world.user("teacher"), classroom, TUESDAY, absent=[world.pupils["A1"]])
    add_pupils(classroom, 2)  # enrolled from the start of the year, recorded after the call
    client = client_for("teacher")
    etag = client.get(f"/api/v1/attendance/roll-calls/{call.pk}/")["ETag"]

    response = client.put(f"/api/v1/attendance/roll-calls/{call.pk}/",
                          {"absences": marks([world.pupils["A1"]])}, format="json",
                          HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.content
    call.refresh_from_db()
    assert (call.version, call.pupil_count) == (1, 3)
