"""Small builders for the attendance tests: calls taken through the real services."""

from __future__ import annotations

from datetime import date

from preau.attendance.services import roll_call_submit
from preau.people.models import Person
from preau.schools.models import Classroom
from tests.factories import EnrolmentFactory, GuardianshipFactory, UserFactory

TUESDAY = date(2026, 11, 24)
MONDAY = date(2026, 11, 23)


def marks(absent=(), late=None) -> list[dict]:
    """The ``absences`` of a call: absent pupils, and late ones with their minutes."""
    rows = [{"pupil": pupil.pk, "absence_kind": "absent"} for pupil in absent]
    rows += [{"pupil": pupil.pk, "absence_kind": "late", "minutes_late": minutes}
             for pupil, minutes in (late or {}).items()]
    return rows


def take_call(actor, classroom: Classroom, on: date, half_day: str = "morning", *,
              absent=(), late=None):
    roll_call, _ = roll_call_submit(actor=actor, classroom=classroom, on=on, half_day=half_day,
                                    absences=marks(absent, late))
    return roll_call


def add_pupils(classroom: Classroom, count: int, *, with_guardians: bool = False) -> list[Person]:
    """``count`` more pupils enrolled in the classroom (each with a guardian who has a login)."""
    pupils = []
    for _ in range(count):
        enrolment = EnrolmentFactory(classroom=classroom)
        if with_guardians:
            guardianship = GuardianshipFactory(pupil=enrolment.pupil)
            UserFactory(person=guardianship.guardian)
        pupils.append(enrolment.pupil)
    return pupils
