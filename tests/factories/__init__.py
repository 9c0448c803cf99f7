"""Factories for the territory, people and their ties. Names are synthetic (Faker fr_FR)."""

from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone

from preau.accounts.models import User
from preau.attendance.models import RollCall
from preau.imports.territory import ALSACE_MOSELLE_DEPARTEMENTS
from preau.people.models import (
    AuthorityMembership,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
    StaffRole,
)
from preau.people.selectors import enrolments_active_on
from preau.schools.models import (
    Academie,
    Circonscription,
    Classroom,
    Commune,
    Departement,
    HolidayZone,
    Level,
    School,
    SchoolKind,
    SchoolYear,
)


def current_school_year() -> SchoolYear:
    today = timezone.localdate()
    start, end = SchoolYear.bounds_for(today)
    year, _ = SchoolYear.objects.get_or_create(
        label=SchoolYear.label_for(today), defaults={"start_date": start, "end_date": end}
    )
    return year


class AcademieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academie
        django_get_or_create = ["code"]

    code = "24"
    name = "Créteil"


ORDINARY_DEPARTEMENT_CODES = [code for code in (f"{n:03d}" for n in range(1, 96))
                              if code not in ALSACE_MOSELLE_DEPARTEMENTS]


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    # Never an Alsace-Moselle code by default: looked up by its code, a plain département of
    # the sequence would otherwise come back as the Moselle a test made with its local law
    # (or the reverse) — a failure that depended on how many départements the worker had
    # made before (tests/timetable/test_calendar.py, Good Friday).
    code = factory.Sequence(lambda n: ORDINARY_DEPARTEMENT_CODES[n % len(ORDINARY_DEPARTEMENT_CODES)])
    name = factory.Faker("department_name", locale="fr_FR")
    academie = factory.SubFactory(AcademieFactory)


class CirconscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circonscription

    code = factory.Sequence(lambda n: f"09{n % 100000:05d}Z")
    name = factory.Sequence(lambda n: f"Circonscription {n}")
    departement = factory.SubFactory(DepartementFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    insee_code = factory.Sequence(lambda n: f"{n % 100000:05d}")
    name = factory.Faker("city", locale="fr_FR")
    departement = factory.SubFactory(DepartementFactory)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    uai = factory.Sequence(lambda n: f"{n % 10000000:07d}X")
    name = factory.Sequence(lambda n: f"École élémentaire {n}")
    kind = SchoolKind.ELEMENTAIRE
    commune = factory.SubFactory(CommuneFactory)
    circonscription = factory.SubFactory(CirconscriptionFactory)
    holiday_zone = HolidayZone.C


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.LazyFunction(current_school_year)
    name = factory.Sequence(lambda n: f"Classe {n}")
    levels = factory.LazyFunction(lambda: [Level.CE2.value])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")


class PupilFactory(PersonFactory):
    birth_date = factory.LazyFunction(lambda: date(timezone.localdate().year - 9, 3, 14))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("motdepasse-demo")
    person = factory.SubFactory(PersonFactory)


class GuardianshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardianship

    guardian = factory.SubFactory(PersonFactory)
    pupil = factory.SubFactory(PupilFactory)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    pupil = factory.SubFactory(PupilFactory)
    classroom = factory.SubFactory(ClassroomFactory)
    level = factory.LazyAttribute(lambda o: o.classroom.levels[0])
    start_date = factory.LazyAttribute(lambda o: o.classroom.school_year.start_date)


class TeacherAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    person = factory.SubFactory(PersonFactory)
    classroom = factory.SubFactory(ClassroomFactory)
    school = factory.SelfAttribute("classroom.school")
    school_year = factory.SelfAttribute("classroom.school_year")
    role = StaffRole.TEACHER


class DirectorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    person = factory.SubFactory(PersonFactory)
    school = factory.SubFactory(SchoolFactory)
    school_year = factory.LazyFunction(current_school_year)
    role = StaffRole.DIRECTOR
    classroom = None


class AuthorityMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorityMembership

    person = factory.SubFactory(PersonFactory)


class RollCallFactory(factory.django.DjangoModelFactory):
    """A call taken; ``pupil_count`` is counted from the enrolments of that day, as the
    submit service stores it, unless given."""

    class Meta:
        model = RollCall

    classroom = factory.SubFactory(ClassroomFactory)
    date = factory.LazyFunction(timezone.localdate)
    half_day = "morning"
    taken_by = factory.SubFactory(PersonFactory)
    taken_at = factory.LazyFunction(timezone.now)
    updated_at = factory.SelfAttribute("taken_at")
    pupil_count = factory.LazyAttribute(
        lambda o: enrolments_active_on(o.date).filter(classroom=o.classroom).count())
