"""Every bilan list costs the same number of queries whatever its length."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from preau.livret import bilan_services
from preau.livret.models import BilanState, PeriodicBilan
from preau.schools.models import Level
from tests.factories import ClassroomFactory, EnrolmentFactory, TeacherAssignmentFactory
from tests.factories.livret import trimesters
from tests.livret.bilan_helpers import fill

pytestmark = pytest.mark.django_db


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(captured)


def _communicate(world, bilans) -> None:
    for bilan in bilans:
        fill(bilan)
        bilan_services.periodic_bilan_lock(actor=world.user("teacher"), bilan=bilan)
        bilan_services.periodic_bilan_validate(actor=world.user("director"), bilan=bilan)
        bilan_services.periodic_bilan_communicate(actor=world.user("director"), bilan=bilan)


def test_a_child_s_bilans_cost_the_same_queries_for_one_period_or_three(world, client_for,
                                                                       django_assert_max_num_queries):
    classroom = world.classrooms["A1"]
    periods = trimesters(school=classroom.school, school_year=classroom.school_year)
    url = reverse("livret:child-bilans", kwargs={"pupil_id": world.pupils["A1"].pk})
    client = client_for("guardian")

    for period in periods[:1]:
        bilan_services.class_bilans_open(classroom=classroom, period=period)
    _communicate(world, PeriodicBilan.objects.filter(classroom=classroom))
    one = _queries(client, url)
    for period in periods[1:]:
        bilan_services.class_bilans_open(classroom=classroom, period=period)
    _communicate(world, PeriodicBilan.objects.filter(classroom=classroom,
                                                     state=BilanState.DRAFT))

    with django_assert_max_num_queries(one):
        response = client.get(url)
    assert len(response.json()["periodic"]) == 3


def test_the_class_cycle_bilans_cost_the_same_queries_for_1_or_25_pupils(
        world, client_for, django_assert_max_num_queries):
    classroom = ClassroomFactory(school=world.schools["A"], name="CM2 C", levels=[Level.CM2])
    TeacherAssignmentFactory(classroom=classroom, person=world.user("teacher").person)
    EnrolmentFactory(classroom=classroom)
    url = reverse("livret:class-cycle-bilans", kwargs={"classroom_id": classroom.pk})
    client = client_for("teacher")
    client.get(url)
    one = _queries(client, url)
    for _ in range(24):
        EnrolmentFactory(classroom=classroom)
    client.get(url)  # opens the new ones

    with django_assert_max_num_queries(one):
        response = client.get(url)
    assert len(response.json()) == 25


def test_the_progress_costs_the_same_queries_for_one_class_or_three(
        world, client_for, django_assert_max_num_queries):
    url = reverse("livret_authority:progress")
    client = client_for("dasen")
    classrooms = [world.classrooms[key] for key in ("A1", "A2", "B1")]
    first = classrooms[0]
    bilan_services.class_bilans_open(classroom=first, period=trimesters(
        school=first.school, school_year=first.school_year)[0])
    one = _queries(client, url, {"index": 1})
    for classroom in classrooms[1:]:
        bilan_services.class_bilans_open(classroom=classroom, period=trimesters(
            school=classroom.school, school_year=classroom.school_year)[0])

    with django_assert_max_num_queries(one):
        response = client.get(url, {"index": 1})
    assert sum(len(school["classrooms"]) for school in response.json()["results"]) == 3
