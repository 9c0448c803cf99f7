"""Small builders for the authority tests: schools full of pupils, calls with absences."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from preau.attendance.models import Absence
from preau.people.models import AuthorityRole
from tests.factories import (
    AuthorityMembershipFactory,
    ClassroomFactory,
    EnrolmentFactory,
    GuardianshipFactory,
    PersonFactory,
    RollCallFactory,
    SchoolFactory,
    TeacherAssignmentFactory,
    UserFactory,
)

PARIS = ZoneInfo("Europe/Paris")


def login_for(role: str, **scope):
    person = AuthorityMembershipFactory(role=role, **scope).person
    return UserFactory(person=person)


def commune_officer(school):
    return login_for(AuthorityRole.COMMUNE, commune=school.commune)


def inspector(school):
    return login_for(AuthorityRole.INSPECTOR, circonscription=school.circonscription)


def dasen(school):
    return login_for(AuthorityRole.DASEN, departement=school.circonscription.departement)


def classroom_with_pupils(n: int, *, school=None, **kwargs):
    classroom = ClassroomFactory(school=school or SchoolFactory(), **kwargs)
    TeacherAssignmentFactory(classroom=classroom)
    pupils = []
    for _ in range(n):
        enrolment = EnrolmentFactory(classroom=classroom)
        GuardianshipFactory(pupil=enrolment.pupil,
                            guardian=PersonFactory(address="3 rue des Lilas", postal_code="94400",
                                                   city="Vitry-sur-Seine"))
        pupils.append(enrolment.pupil)
    return classroom, pupils


def take_call(classroom, on: date, half_day: str = "morning", *, absent=(), late=()):
    taker = classroom.assignments.first().person
    at = datetime.combine(on, time(8, 40), tzinfo=PARIS)
    call = RollCallFactory(classroom=classroom, date=on, half_day=half_day, taken_by=taker,
                           taken_at=at)
    Absence.objects.bulk_create(
        [Absence(roll_call=call, pupil=p, date=on, half_day=half_day, kind="absent")
         for p in absent]
        + [Absence(roll_call=call, pupil=p, date=on, half_day=half_day, kind="late",
                   minutes_late=10) for p in late])
    return call


def take_every_call(classroom, start: date, end: date, *, skip=()):
    """Every call due from ``start`` to ``end`` (``end`` a day whose afternoon has not
    begun: its morning only), but the (date, half-day) pairs in ``skip``."""
    from preau.schools.calendar import school_days

    calls = []
    for day in school_days(school=classroom.school, start=start, end=end):
        for half_day in day.half_days:
            if (day.date, half_day) in skip or (day.date == end and half_day != "morning"):
                continue
            calls.append(take_call(classroom, day.date, half_day))
    return calls
