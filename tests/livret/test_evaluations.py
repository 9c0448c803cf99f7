"""Teachers create, list, edit, publish and delete evaluations; families see them once
published; authorities never."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from preau.livret.models import (
    Cycle,
    Evaluation,
    EvaluationElement,
    Period,
    ProgrammeElement,
    Result,
)
from preau.realtime import publish
from tests.factories import GuardianshipFactory, UserFactory
from tests.factories.livret import national_elements, trimesters
from tests.livret.conftest import NOW, fill, make_evaluation

pytestmark = pytest.mark.django_db
WORLD_NOW = NOW


@pytest.fixture
def world(world_of_module):
    return world_of_module


def list_url(world, key="A1"):
    return f"/api/v1/livret/classrooms/{world.classrooms[key].pk}/evaluations/"


def detail_url(evaluation):
    return f"/api/v1/livret/evaluations/{evaluation.pk}/"


def test_a_teacher_creates_an_evaluation_on_elements_of_the_class_cycle(world, client_for):
    elements = national_elements(cycle=Cycle.CYCLE_2)[:3]

    response = client_for("teacher").post(list_url(world), {
        "title": "Dictée n° 4", "date": "2026-11-24",
        "elements": [e.pk for e in elements]}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["date"], body["published_at"], body["result_count"]) == (
        "Dictée n° 4", "2026-11-24", None, 0)
    assert {e["id"] for e in body["elements"]} == {e.pk for e in elements}
    evaluation = Evaluation.objects.get(pk=body["id"])
    assert evaluation.author == world.user("teacher").person
    assert list(EvaluationElement.objects.filter(evaluation=evaluation)
                .values_list("element_id", flat=True)) == [e.pk for e in elements]


def test_the_director_creates_one_too_but_not_another_school(world, client_for):
    element = national_elements(cycle=Cycle.CYCLE_3)[0]
    body = {"title": "Calcul mental", "date": "2026-11-24", "elements": [element.pk]}
    assert client_for("director").post(list_url(world, "A2"), body,
                                       format="json").status_code == 201
    assert client_for("director_other").post(list_url(world, "A2"), body,
                                             format="json").status_code == 404


def _elements_case(world, case: str) -> list[int]:
    cycle_2 = national_elements(cycle=Cycle.CYCLE_2)
    if case == "other cycle":
        return [cycle_2[0].pk, national_elements(cycle=Cycle.CYCLE_3)[0].pk]
    if case == "other school":
        own = ProgrammeElement.objects.create(domain=cycle_2[0].domain, school=world.schools["B"],
                                              label="Projet de l'école B")
        return [cycle_2[0].pk, own.pk]
    if case == "inactive":
        own = ProgrammeElement.objects.create(domain=cycle_2[0].domain, school=world.schools["A"],
                                              label="Ancien projet", is_active=False)
        return [cycle_2[0].pk, own.pk]
    if case == "duplicate":
        return [cycle_2[0].pk, cycle_2[0].pk]
    return [cycle_2[0].pk, 987_654]


@pytest.mark.parametrize("case", ["other cycle", "other school", "inactive", "duplicate",
                                  "unknown"])
def test_elements_out_of_the_class_programme_are_refused_by_position(world, client_for, case):
    body = {"title": "Dictée", "date": "2026-11-24", "elements": _elements_case(world, case)}

    response = client_for("teacher").post(list_url(world), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["elements[1]"]
    assert not Evaluation.objects.exists()


def test_a_school_element_of_the_class_cycle_is_accepted(world, client_for):
    domain = national_elements(cycle=Cycle.CYCLE_2)[0].domain
    own = ProgrammeElement.objects.create(domain=domain, school=world.schools["A"],
                                          label="Rallye lecture")
    response = client_for("teacher").post(list_url(world), {
        "title": "Rallye", "date": "2026-11-24", "elements": [own.pk]}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize(("body", "field"), [
    ({"title": "", "date": "2026-11-24"}, "title"),
    ({"title": "Dictée", "date": "2027-09-02"}, "date"),
    ({"title": "Dictée", "date": "hier"}, "date"),
    ({"title": "Dictée", "date": "2026-11-24", "elements": []}, "elements"),
    ({"title": "Dictée", "date": "2026-11-24", "elements": ["x"]}, "elements[0]"),
])
def test_bad_input_gets_a_400_naming_the_field(world, client_for, body, field):
    body = {"elements": [national_elements(cycle=Cycle.CYCLE_2)[0].pk], **body}
    response = client_for("teacher").post(list_url(world), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Evaluation.objects.exists()


def test_the_classroom_list_filters_by_period_and_dates_in_constant_queries(
        world, client_for, django_assert_max_num_queries):
    trimesters(school=world.schools["A"], school_year=world.classrooms["A1"].school_year)
    first_trimester = Period.objects.get(school=world.schools["A"], index=1)
    for day in (2, 9, 16):
        make_evaluation(world, on=date(2026, 10, day), elements=3, title=f"Octobre {day}")
    make_evaluation(world, on=date(2026, 12, 3), title="Décembre")
    make_evaluation(world, "A2", on=date(2026, 10, 5), title="Autre classe")
    teacher = client_for("teacher")

    with django_assert_max_num_queries(12):
        response = teacher.get(list_url(world), {"period": first_trimester.pk})
    assert [e["title"] for e in response.json()["results"]] == [
        "Octobre 16", "Octobre 9", "Octobre 2"]
    for day in range(10, 30):
        make_evaluation(world, on=date(2026, 11, day % 28 + 1), elements=4)
    with django_assert_max_num_queries(12):
        assert teacher.get(list_url(world)).json()["count"] == 24
    ranged = teacher.get(list_url(world), {"start": "2026-10-05", "end": "2026-10-10"}).json()
    assert [e["title"] for e in ranged["results"]] == ["Octobre 9"]
    bad = teacher.get(list_url(world), {"start": "2026-10-10", "end": "2026-10-05"})
    assert "end" in bad.json()["error"]["fields"]


def test_families_other_teachers_and_authorities_do_not_list_a_classroom(world, client_for):
    make_evaluation(world, published=True)
    for role in ("pupil", "guardian", "teacher_other", "commune", "inspector", "dasen"):
        assert client_for(role).get(list_url(world)).status_code == 404


def test_an_edit_of_the_elements_drops_the_cells_of_the_elements_taken_off(world, client_for):
    evaluation = make_evaluation(world, elements=3)
    fill(evaluation, world.pupils["A1"], level=4)
    kept = list(EvaluationElement.objects.filter(evaluation=evaluation)
                .values_list("element_id", flat=True))[:2]

    response = client_for("teacher").patch(detail_url(evaluation), {
        "title": "Dictée n° 3 (corrigée)", "elements": kept}, format="json")

    assert response.status_code == 200
    assert response.json()["title"] == "Dictée n° 3 (corrigée)"
    assert response.json()["result_count"] == 2
    assert set(Result.objects.values_list("element_id", flat=True)) == set(kept)


def test_a_teacher_deletes_an_evaluation_with_its_results(world, client_for):
    evaluation = make_evaluation(world)
    fill(evaluation, world.pupils["A1"])
    assert client_for("teacher_other").delete(detail_url(evaluation)).status_code == 404
    assert client_for("teacher").delete(detail_url(evaluation)).status_code == 204
    assert not Evaluation.objects.exists()
    assert not Result.objects.exists()


def test_publishing_shows_it_to_the_pupil_and_each_legal_guardian_only(
        world, client_for, monkeypatch, django_capture_on_commit_callbacks):
    evaluation = make_evaluation(world)
    not_legal = GuardianshipFactory(pupil=world.pupils["A1"], is_legal=False).guardian
    not_legal_user = UserFactory(username="beau-parent", person=not_legal)
    for role in ("pupil", "guardian", "guardian_other"):
        assert client_for(role).get(detail_url(evaluation)).status_code == 404
    sent = []
    monkeypatch.setattr(publish, "_send", sent.extend)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for("teacher").post(f"{detail_url(evaluation)}publish/")
    assert response.status_code == 200
    assert response.json()["published_at"] is not None
    assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()

    ((event, user_ids),) = sent
    assert event == {"type": "livret.evaluation_published", "evaluation_id": evaluation.pk,
                     "classroom_id": world.classrooms["A1"].pk, "date": "2026-11-20"}
    assert set(user_ids) == {world.user(r).pk for r in ("pupil", "guardian", "guardian_2")}
    assert not_legal_user.pk not in user_ids
    for role in ("pupil", "guardian"):
        assert client_for(role).get(detail_url(evaluation)).status_code == 200
    for role in ("guardian_other", "teacher_other", "commune", "inspector", "dasen"):
        assert client_for(role).get(detail_url(evaluation)).status_code == 404
    client = APIClient()
    client.force_login(not_legal_user)
    assert client.get(detail_url(evaluation)).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        again = client_for("teacher").post(f"{detail_url(evaluation)}publish/")
    assert again.json()["published_at"] == response.json()["published_at"]
    assert len(sent) == 1


def test_families_read_a_published_evaluation_but_change_nothing(world, client_for):
    evaluation = make_evaluation(world, published=True)
    guardian = client_for("guardian")
    assert guardian.patch(detail_url(evaluation), {"title": "Non"},
                          format="json").status_code == 403
    assert guardian.delete(detail_url(evaluation)).status_code == 403
    assert guardian.post(f"{detail_url(evaluation)}publish/").status_code == 403
    assert Evaluation.objects.get(pk=evaluation.pk).title == "Dictée n° 3"


def test_a_pupil_who_arrived_after_the_evaluation_does_not_see_it(world, client_for):
    evaluation = make_evaluation(world, published=True, on=date(2026, 9, 15))
    enrolment = world.pupils["A1"].enrolments.get()
    enrolment.start_date = date(2026, 10, 1)
    enrolment.save()
    assert client_for("guardian").get(detail_url(evaluation)).status_code == 404
