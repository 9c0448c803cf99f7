"""A prepared query gives exactly what its queryset gives, and keeps its SQL only when that
is safe (``preau.common.prepared``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Upper

from preau.common.prepared import UNPREPARABLE, PreparedQuery, _Prepared
from preau.people.models import Enrolment
from preau.schools.models import Classroom
from tests.factories import ClassroomFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def classrooms_with_pupils(*, school_ids: tuple[int, ...], on: date, name: str):
    enrolled = Enrolment.objects.filter(classroom_id=OuterRef("pk"), start_date__lte=on)
    return (Classroom.objects.filter(Q(school_id__in=school_ids) | Q(name=name))
            .select_related("school", "school_year")
            .annotate(has_pupils=Exists(enrolled), pupils=Count("enrolments"),
                      upper_name=Upper("name"))
            .order_by("pk"))


def snapshot(classrooms) -> list[tuple]:
    return [(c.pk, c.name, c.school.uai, c.school_year.start_date, c.has_pupils, c.pupils,
             c.upper_name) for c in classrooms]


@pytest.fixture
def classrooms():
    rooms = ClassroomFactory.create_batch(4)
    for room in rooms[:3]:
        EnrolmentFactory.create_batch(rooms.index(room) + 1, classroom=room)
    return rooms


def test_the_prepared_query_gives_what_the_queryset_gives_for_every_set_of_values(classrooms):
    prepared = PreparedQuery(classrooms_with_pupils)
    start = classrooms[0].school_year.start_date
    calls = [
        {"school_ids": (classrooms[0].school_id, classrooms[1].school_id), "on": start,
         "name": "aucune"},
        {"school_ids": (classrooms[2].school_id, classrooms[3].school_id),
         "on": start - timedelta(days=1), "name": classrooms[0].name},
        {"school_ids": (classrooms[1].school_id,), "on": start, "name": classrooms[3].name},
    ]
    for values in calls:
        expected = snapshot(classrooms_with_pupils(**values))
        assert expected  # the cases find rows
        assert snapshot(prepared.run(**values)) == expected
    # one SQL per length of the tuple, both kept
    assert sorted(type(p).__name__ for p in prepared._cache.values()) == ["_Prepared"] * 2


def test_a_value_computed_inside_the_builder_is_never_kept_as_a_constant(classrooms):
    def next_day_rooms(*, on: date):
        the_day_after = on + timedelta(days=1)  # a parameter that is none of the values
        return Classroom.objects.filter(
            Exists(Enrolment.objects.filter(classroom_id=OuterRef("pk"),
                                            start_date__lt=the_day_after))).order_by("pk")

    prepared = PreparedQuery(next_day_rooms)
    start = classrooms[0].school_year.start_date
    assert [c.pk for c in prepared.run(on=start)] == [c.pk for c in classrooms[:3]]
    assert [c.pk for c in prepared.run(on=start - timedelta(days=1))] == []
    assert list(prepared._cache.values()) == [UNPREPARABLE]


def test_the_roll_call_submit_keeps_its_prepared_sql(world, client_for):
    from preau.attendance.selectors import _SUBMIT_FACTS

    _SUBMIT_FACTS._cache.clear()
    classroom = world.classrooms["A1"]
    response = client_for("teacher").post(
        f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/",
        {"date": "2026-11-24", "half_day": "morning",
         "absences": [{"pupil": world.pupils["A1"].pk, "absence_kind": "absent"}]},
        format="json")
    assert response.status_code == 201, response.content
    assert [type(p) for p in _SUBMIT_FACTS._cache.values()] == [_Prepared]

