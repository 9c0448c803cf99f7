"""Families read a child's published evaluations, with that child's levels only, in the
school's labels."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from preau.livret.models import LevelScale
from tests.factories import EnrolmentFactory, GuardianshipFactory, PupilFactory, UserFactory
from tests.factories.livret import trimesters
from tests.livret.conftest import NOW, fill, make_evaluation

pytestmark = pytest.mark.django_db
WORLD_NOW = NOW


@pytest.fixture
def world(world_of_module):
    return world_of_module


def child_url(world, key="A1"):
    return f"/api/v1/livret/pupils/{world.pupils[key].pk}/evaluations/"


@pytest.fixture
def classmate(world):
    pupil = PupilFactory(first_name="Noé", last_name="Lambert")
    EnrolmentFactory(pupil=pupil, classroom=world.classrooms["A1"])
    return pupil


def test_a_guardian_reads_the_child_levels_in_the_school_labels_and_no_classmate(
        world, client_for, classmate):
    LevelScale.objects.create(school=world.schools["A"],
                              labels=["À revoir", "En cours", "Acquis", "Expert"],
                              colours=["#dc2626", "#f59e0b", "#16a34a", "#2563eb"])
    evaluation = make_evaluation(world, elements=2, published=True)
    first, second = (e.pk for e in evaluation.elements.all())
    fill(evaluation, world.pupils["A1"], level=3)
    fill(evaluation, classmate, level=1)
    make_evaluation(world, title="Pas encore publiée")

    for role in ("guardian", "pupil"):
        response = client_for(role).get(child_url(world))
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 1
        (item,) = body["results"]
        assert (item["id"], item["title"]) == (evaluation.pk, "Dictée n° 3")
        assert sorted((r["element_id"], r["level"], r["label"], r["colour"])
                      for r in item["results"]) == sorted([
            (first, 3, "Acquis", "#16a34a"), (second, 3, "Acquis", "#16a34a")])
        assert [e["id"] for e in item["elements"]] == [first, second]
        detail = client_for(role).get(f"/api/v1/livret/evaluations/{evaluation.pk}/").json()
        assert detail["result_count"] == 2  # the child's cells, not the class's
    assert client_for("teacher").get(
        f"/api/v1/livret/evaluations/{evaluation.pk}/").json()["result_count"] == 4


def test_each_legal_guardian_reads_separately_and_nobody_else(world, client_for):
    evaluation = make_evaluation(world, published=True)
    fill(evaluation, world.pupils["A1"], absent=True)
    second = APIClient()
    second.force_login(world.user("guardian_2"))
    (item,) = second.get(child_url(world)).json()["results"]
    assert {(r["level"], r["absent"], r["label"]) for r in item["results"]} == {
        (None, True, None)}

    step_parent = GuardianshipFactory(pupil=world.pupils["A1"], is_legal=False).guardian
    other = APIClient()
    other.force_login(UserFactory(username="beau-parent", person=step_parent))
    assert other.get(child_url(world)).status_code == 404
    for role in ("guardian_other", "teacher", "teacher_other", "director", "commune",
                 "inspector", "dasen"):
        assert client_for(role).get(child_url(world)).status_code == 404, role
    assert client_for("pupil").get(child_url(world, "A2")).status_code == 404


def test_filters_by_period_and_default_labels_in_constant_queries(
        world, client_for, django_assert_max_num_queries):
    trimesters(school=world.schools["A"], school_year=world.classrooms["A1"].school_year)
    for day in (5, 12):
        fill(make_evaluation(world, published=True, on=date(2026, 10, day), elements=3),
             world.pupils["A1"], level=2)
    guardian = client_for("guardian")
    periods = guardian.get(f"/api/v1/livret/schools/{world.schools['A'].pk}/periods/").json()

    with django_assert_max_num_queries(10):
        first = guardian.get(child_url(world), {"period": periods["periods"][0]["id"]}).json()
    assert first["count"] == 2
    assert {r["label"] for item in first["results"] for r in item["results"]} == {
        LevelScale.DEFAULT_LABELS[1]}
    for day in range(1, 25):
        fill(make_evaluation(world, published=True, on=date(2026, 11, day), elements=4),
             world.pupils["A1"], level=4)
    with django_assert_max_num_queries(10):
        assert guardian.get(child_url(world)).json()["count"] == 26
    assert guardian.get(child_url(world), {
        "period": periods["periods"][1]["id"]}).json()["count"] == 0
    assert guardian.get(child_url(world), {"period": 999_999}).status_code == 404


def test_a_child_who_changed_class_sees_only_the_evaluations_of_their_time(world, client_for):
    enrolment = world.pupils["A1"].enrolments.get()
    enrolment.end_date = date(2026, 10, 31)
    enrolment.save()
    EnrolmentFactory(pupil=world.pupils["A1"], classroom=world.classrooms["A2"], level="CM1",
                     start_date=date(2026, 11, 1))
    before = make_evaluation(world, published=True, on=date(2026, 10, 15), title="En CE2")
    make_evaluation(world, published=True, on=date(2026, 11, 20), title="CE2 après le départ")
    after = make_evaluation(world, "A2", published=True, on=date(2026, 11, 20), title="En CM1")
    make_evaluation(world, "A2", published=True, on=date(2026, 10, 15), title="CM1 avant")

    titles = [e["title"] for e in client_for("guardian").get(child_url(world)).json()["results"]]

    assert titles == [after.title, before.title]
