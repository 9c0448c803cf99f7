"""The invariants live in the database: a bypassed service still cannot break them."""

from datetime import time, timedelta

import pytest
from django.db import IntegrityError, transaction

from preau.people.models import AuthorityMembership, AuthorityRole, Enrolment, Guardianship
from tests.factories import (
    ClassroomFactory,
    CommuneFactory,
    DirectorAssignmentFactory,
    EnrolmentFactory,
    PersonFactory,
    PupilFactory,
    SchoolFactory,
    TeacherAssignmentFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_school_has_one_director_per_year():
    school = SchoolFactory()
    DirectorAssignmentFactory(school=school)
    assert refused(lambda: DirectorAssignmentFactory(school=school))


def test_a_pupil_has_one_open_enrolment_at_a_time():
    enrolment = EnrolmentFactory()
    other = ClassroomFactory()
    assert refused(lambda: EnrolmentFactory(pupil=enrolment.pupil, classroom=other,
                                            start_date=enrolment.start_date + timedelta(days=30)))


def test_a_closed_enrolment_ends_after_it_starts():
    enrolment = EnrolmentFactory()
    enrolment.end_date = enrolment.start_date - timedelta(days=1)
    assert refused(lambda: enrolment.save())


def test_a_pupil_is_not_their_own_guardian():
    pupil = PupilFactory()
    assert refused(lambda: Guardianship.objects.create(guardian=pupil, pupil=pupil))


def test_a_guardian_is_linked_once_to_a_pupil():
    pupil, guardian = PupilFactory(), PersonFactory()
    Guardianship.objects.create(guardian=guardian, pupil=pupil)
    assert refused(lambda: Guardianship.objects.create(guardian=guardian, pupil=pupil))


def test_an_ine_belongs_to_one_pupil_and_unknown_ines_do_not_collide():
    PupilFactory(ine="1234567890A")
    assert refused(lambda: PupilFactory(ine="1234567890A"))
    PupilFactory(ine=None)
    PupilFactory(ine=None)


def test_uai_is_unique():
    SchoolFactory(uai="0940001A")
    assert refused(lambda: SchoolFactory(uai="0940001A"))


def test_half_days_are_in_order():
    assert refused(lambda: SchoolFactory(morning_start=time(11, 0), morning_end=time(8, 30)))


def test_a_director_assignment_has_no_classroom_and_a_teacher_one_has():
    classroom = ClassroomFactory()
    assert refused(lambda: DirectorAssignmentFactory(school=classroom.school, classroom=classroom))
    assert refused(lambda: TeacherAssignmentFactory(classroom=None, school=classroom.school,
                                                    school_year=classroom.school_year))


def test_an_authority_scope_matches_its_role():
    commune = CommuneFactory()
    person = PersonFactory()
    assert refused(lambda: AuthorityMembership.objects.create(
        person=person, role=AuthorityRole.INSPECTOR, commune=commune))
    AuthorityMembership.objects.create(person=person, role=AuthorityRole.COMMUNE, commune=commune)
    assert refused(lambda: AuthorityMembership.objects.create(
        person=person, role=AuthorityRole.COMMUNE, commune=commune))


def test_enrolment_history_is_kept_across_classrooms():
    first = EnrolmentFactory()
    first.end_date = first.start_date + timedelta(days=60)
    first.save(update_fields=["end_date"])
    EnrolmentFactory(pupil=first.pupil, start_date=first.end_date + timedelta(days=1))
    assert Enrolment.objects.filter(pupil=first.pupil).count() == 2
