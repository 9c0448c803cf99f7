from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from preau.common.errors import ApplicationError
from preau.people.models import Enrolment
from preau.people.services import enrolment_create
from tests.factories import ClassroomFactory, EnrolmentFactory, PupilFactory

pytestmark = pytest.mark.django_db


def test_moving_a_pupil_closes_the_previous_enrolment_the_day_before():
    first = EnrolmentFactory()
    target = ClassroomFactory(school=first.classroom.school, levels=[first.level])
    moved_on = first.start_date + timedelta(days=40)

    new = enrolment_create(pupil=first.pupil, classroom=target, level=first.level,
                           start_date=moved_on)

    first.refresh_from_db()
    assert first.end_date == moved_on - timedelta(days=1)
    assert new.end_date is None
    assert new.classroom == target


def test_an_enrolment_before_the_current_one_is_refused_and_nothing_changes():
    first = EnrolmentFactory(start_date=ClassroomFactory().school_year.start_date + timedelta(10))
    with pytest.raises(ApplicationError) as refused:
        enrolment_create(pupil=first.pupil, classroom=first.classroom, level=first.level,
                         start_date=first.start_date - timedelta(days=1))
    assert "start_date" in refused.value.fields
    first.refresh_from_db()
    assert first.end_date is None
    assert Enrolment.objects.count() == 1


def test_a_level_the_classroom_does_not_have_is_refused():
    classroom = ClassroomFactory(levels=["CP"])
    with pytest.raises(ApplicationError) as refused:
        enrolment_create(pupil=PupilFactory(), classroom=classroom, level="CM2",
                         start_date=classroom.school_year.start_date)
    assert "level" in refused.value.fields


def test_the_database_refuses_overlapping_enrolments_written_around_the_service():
    first = EnrolmentFactory()
    first.end_date = first.start_date + timedelta(days=100)
    first.save(update_fields=["end_date"])
    overlapping = {"pupil": first.pupil, "classroom": first.classroom, "level": first.level,
                   "start_date": first.start_date + timedelta(days=50),
                   "end_date": first.start_date + timedelta(days=60)}
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            Enrolment.objects.create(**overlapping)
    else:  # SQLite: one open enrolment at most, enforced by a partial unique index
        Enrolment.objects.create(**{**overlapping, "end_date": None})
        with pytest.raises(IntegrityError), transaction.atomic():
            Enrolment.objects.create(**{**overlapping, "start_date": first.end_date
                                        + timedelta(days=5), "end_date": None})
