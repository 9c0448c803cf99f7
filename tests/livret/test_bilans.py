"""The class's bilans for a period: opened for every pupil, filled in one request, suggested
from the period's evaluations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from preau.livret.models import (
    BilanAccompaniment,
    BilanDomain,
    BilanState,
    ClassParcours,
    Domain,
    PeriodicBilan,
)
from preau.livret.suggest import rounded_mean
from preau.schools.models import Level
from tests.factories import ClassroomFactory, EnrolmentFactory, TeacherAssignmentFactory
from tests.factories.livret import national_elements, trimesters
from tests.livret.bilan_helpers import evaluate, first_trimester, open_bilans

pytestmark = pytest.mark.django_db


def _class_url(classroom):
    return reverse("livret:class-bilans", kwargs={"classroom_id": classroom.pk})


def _bilan_url(bilan, name="livret:bilan-detail"):
    return reverse(name, kwargs={"bilan_id": bilan.pk})


def test_the_teacher_opens_one_bilan_per_pupil_with_the_domains_of_its_cycle(world,
                                                                            client_for):
    classroom = world.classrooms["A1"]  # CE2: cycle 2
    period = first_trimester(classroom)

    response = client_for("teacher").get(_class_url(classroom), {"period": period.pk})

    assert response.status_code == 200
    (bilan,) = response.json()
    assert bilan["pupil"]["id"] == world.pupils["A1"].pk
    assert (bilan["state"], bilan["level"]) == ("draft", "CE2")
    codes = [row["code"] for row in bilan["domains"]]
    assert codes == list(Domain.objects.filter(cycle="2").order_by("position")
                         .values_list("code", flat=True))
    assert "QLM-RAC" in codes
    assert "STC-RAC" not in codes
    # Opened twice, still one bilan.
    client_for("director").get(_class_url(classroom), {"period": period.pk})
    assert PeriodicBilan.objects.filter(period=period).count() == 1


def test_a_cm1_pupil_gets_the_domains_of_cycle_3(world, client_for):
    classroom = world.classrooms["A2"]
    response = client_for("teacher_other").get(
        _class_url(classroom), {"period": first_trimester(classroom).pk})
    codes = {row["code"] for row in response.json()[0]["domains"]}
    assert {"STC-RAC", "HIG-RAC"} <= codes
    assert "QLM-RAC" not in codes


def test_the_pupils_enrolled_during_the_period_get_a_bilan_and_only_they(world, client_for):
    classroom = world.classrooms["A1"]
    first, second = trimesters(school=classroom.school, school_year=classroom.school_year)[:2]
    left = EnrolmentFactory(classroom=classroom, end_date=first.end_date.replace(day=15)).pupil
    arrived = EnrolmentFactory(classroom=classroom, start_date=second.start_date).pupil
    client = client_for("teacher")

    in_first = {row["pupil"]["id"] for row in client.get(
        _class_url(classroom), {"period": first.pk}).json()}
    in_second = {row["pupil"]["id"] for row in client.get(
        _class_url(classroom), {"period": second.pk}).json()}

    assert in_first == {world.pupils["A1"].pk, left.pk}
    assert in_second == {world.pupils["A1"].pk, arrived.pk}


def test_a_period_of_another_school_is_a_400_naming_the_period(world, client_for):
    other = first_trimester(world.classrooms["B1"])
    response = client_for("teacher").get(_class_url(world.classrooms["A1"]),
                                         {"period": other.pk})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["period"]


def test_without_a_period_the_class_bilans_are_those_of_the_period_under_way(world,
                                                                           client_for):
    classroom = world.classrooms["A1"]
    url = _class_url(classroom)
    none_yet = client_for("teacher").get(url)
    assert none_yet.status_code == 400
    assert list(none_yet.json()["error"]["fields"]) == ["period"]
    periods = trimesters(school=classroom.school, school_year=classroom.school_year)
    under_way = next(period for period in periods
                     if period.start_date <= timezone.localdate() <= period.end_date)

    (bilan,) = client_for("teacher").get(url).json()

    assert bilan["period"] == under_way.pk


def _class_with_results(world, *, pupils: int, name: str):
    classroom = ClassroomFactory(school=world.schools["A"], name=name, levels=[Level.CM2])
    teacher = world.user("teacher")
    TeacherAssignmentFactory(classroom=classroom, person=teacher.person)
    for _ in range(pupils):
        EnrolmentFactory(classroom=classroom)
    elements = national_elements(cycle="3")[:12]
    enrolled = [enrolment.pupil for enrolment in classroom.enrolments.all()]
    evaluate(classroom=classroom, author=teacher.person, elements=elements,
             levels={(pupil, element): 1 + (pupil.pk + element.pk) % 4
                     for pupil in enrolled for element in elements})
    return classroom, first_trimester(classroom)


def test_the_class_bilans_are_a_constant_number_of_queries_for_28_pupils(
        world, client_for, django_assert_max_num_queries):
    client = client_for("teacher")
    small, small_period = _class_with_results(world, pupils=2, name="CM2 C")
    with CaptureQueriesContext(connection) as opening:
        client.get(_class_url(small), {"period": small_period.pk})
    with CaptureQueriesContext(connection) as reading:
        client.get(_class_url(small), {"period": small_period.pk})
    classroom, period = _class_with_results(world, pupils=28, name="CM2 B")

    # Opening writes the class's domains in one INSERT; SQLite's limit on parameters splits
    # it into batches (28 pupils × 21 domains: three), PostgreSQL does not.
    batches = 0 if connection.vendor == "postgresql" else 2
    with django_assert_max_num_queries(len(opening) + batches):
        first = client.get(_class_url(classroom), {"period": period.pk})
    with django_assert_max_num_queries(len(reading)):
        again = client.get(_class_url(classroom), {"period": period.pk})

    assert len(opening) <= 25
    assert first.status_code == again.status_code == 200
    assert len(again.json()) == 28
    assert all(len(row["domains"]) == Domain.objects.filter(cycle="3").count()
               for row in again.json())
    assert any(domain["suggested"] for row in again.json() for domain in row["domains"])


def test_rounded_mean_rounds_halves_up():
    assert [rounded_mean(5, 2), rounded_mean(7, 3), rounded_mean(8, 3), rounded_mean(0, 0)] == [
        3, 2, 3, None]


def test_the_suggestion_is_the_rounded_mean_of_the_period_results_absences_ignored(
        world, client_for):
    classroom = world.classrooms["A1"]
    pupil, teacher = world.pupils["A1"], world.user("teacher").person
    reading = national_elements(codes=("FRA-LEC",))
    writing = national_elements(codes=("FRA-ECR",))
    evaluate(classroom=classroom, author=teacher, elements=reading + writing[:1],
             levels={(pupil, reading[0]): 2, (pupil, reading[1]): 3, (pupil, reading[2]): None,
                     (pupil, writing[0]): 4})
    # Outside the period: not counted.
    evaluate(classroom=classroom, author=teacher, elements=reading[:1],
             levels={(pupil, reading[0]): 1}, days=120)

    (bilan,) = client_for("teacher").get(
        _class_url(classroom), {"period": first_trimester(classroom).pk}).json()

    suggested = {row["code"]: row["suggested"] for row in bilan["domains"]}
    assert suggested["FRA-LEC"] == 3  # (2 + 3) / 2 = 2.5, a half rounds up; absent ignored
    assert suggested["FRA-ECR"] == 4
    assert suggested["FRA-RAC"] == 3  # (2 + 3 + 4) / 3
    assert suggested["MAT-RAC"] is None
    assert suggested["EPS-RAC"] is None


def test_the_teacher_fills_a_bilan_in_one_request(world, client_for):
    classroom = world.classrooms["A1"]
    pupil, teacher = world.pupils["A1"], world.user("teacher").person
    reading = national_elements(codes=("FRA-LEC",))
    evaluate(classroom=classroom, author=teacher, elements=reading[:1],
             levels={(pupil, reading[0]): 4})
    (bilan,) = open_bilans(classroom)
    lec = Domain.objects.get(cycle="2", code="FRA-LEC")
    eps = Domain.objects.get(cycle="2", code="EPS-RAC")
    eps_element = national_elements(codes=("EPS-RAC",))[0]

    response = client_for("teacher").patch(_bilan_url(bilan), {
        "domains": [
            {"domain": lec.pk, "accept_suggestion": True, "elements": [reading[0].pk]},
            {"domain": eps.pk, "positionnement": 2, "appreciation": "Des progrès en natation.",
             "elements": [eps_element.pk]},
        ],
        "general_appreciation": "Un trimestre sérieux.",
        "accompaniments": [{"code": "PPRE", "ppre_complement": "Lecture fluide"},
                           {"code": "RASED"}],
    }, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    rows = {row["code"]: row for row in body["domains"]}
    assert (rows["FRA-LEC"]["positionnement"], rows["FRA-LEC"]["elements"]) == (4, [reading[0].pk])
    assert (rows["EPS-RAC"]["positionnement"], rows["EPS-RAC"]["appreciation"]) == (
        2, "Des progrès en natation.")
    assert body["general_appreciation"] == "Un trimestre sérieux."
    assert [(a["code"], a["ppre_complement"]) for a in body["accompaniments"]] == [
        ("PPRE", "Lecture fluide"), ("RASED", "")]


@pytest.mark.parametrize(("change", "field"), [
    ({"domains": [{"domain": 0, "positionnement": 5}]}, "domains.0.positionnement"),
    ({"domains": [{"domain": "unknown", "positionnement": 2}]}, "domains.0.domain"),
    ({"accompaniments": [{"code": "PAP", "ppre_complement": "non"}]},
     "accompaniments.0.ppre_complement"),
    ({"accompaniments": [{"code": "XYZ"}]}, "accompaniments.0.code"),
    ({"domains": [{"domain": "eps", "elements": ["reading"]}]}, "domains.0.elements"),
    ({"domains": [{"domain": "eps", "accept_suggestion": True}]},
     "domains.0.accept_suggestion"),
    ({"general_appreciation": "x" * 2_001}, "general_appreciation"),
])
def test_a_bad_field_is_a_400_naming_it_and_nothing_is_written(world, client_for, change,
                                                               field):
    (bilan,) = open_bilans(world.classrooms["A1"])
    eps = Domain.objects.get(cycle="2", code="EPS-RAC")
    reading = national_elements(codes=("FRA-LEC",))[0]
    ids = {0: eps.pk, "unknown": Domain.objects.get(cycle="3", code="STC-RAC").pk, "eps": eps.pk,
           "reading": reading.pk}
    for entry in change.get("domains", []):
        entry["domain"] = ids[entry["domain"]]
        if "elements" in entry:
            entry["elements"] = [ids[key] for key in entry["elements"]]
    change = {**change, "general_appreciation": change.get("general_appreciation", "Écrit")}

    response = client_for("teacher").patch(_bilan_url(bilan), change, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    bilan.refresh_from_db()
    assert bilan.general_appreciation == ""
    assert not BilanAccompaniment.objects.filter(bilan=bilan).exists()
    assert not BilanDomain.objects.filter(bilan=bilan, positionnement__isnull=False).exists()


def test_a_locked_bilan_is_no_longer_edited(world, client_for):
    (bilan,) = open_bilans(world.classrooms["A1"])
    PeriodicBilan.objects.filter(pk=bilan.pk).update(state=BilanState.LOCKED,
                                                     locked_at="2026-11-30T10:00:00Z")
    response = client_for("teacher").patch(_bilan_url(bilan), {"general_appreciation": "Non"},
                                           format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["state"]


def test_the_director_reads_but_does_not_fill_a_bilan(world, client_for):
    (bilan,) = open_bilans(world.classrooms["A1"])
    assert client_for("director").get(_bilan_url(bilan)).status_code == 200
    response = client_for("director").patch(_bilan_url(bilan), {"general_appreciation": "Non"},
                                            format="json")
    assert response.status_code == 403


def test_the_class_parcours_of_the_period_are_replaced_as_a_whole(world, client_for):
    classroom = world.classrooms["A1"]
    period = first_trimester(classroom)
    url = reverse("livret:class-parcours", kwargs={"classroom_id": classroom.pk})
    client = client_for("teacher")
    client.put(url, {"period": period.pk, "parcours": [
        {"code": "PAR_CIT", "project": "Élections des délégués"},
        {"code": "PAR_ART", "project": "Visite du musée"}]}, format="json")

    response = client.put(url, {"period": period.pk, "parcours": [
        {"code": "PAR_ART", "project": "Chorale"}]}, format="json")

    assert response.status_code == 200
    assert [(row["code"], row["project"]) for row in client.get(
        url, {"period": period.pk}).json()] == [("PAR_ART", "Chorale")]
    assert ClassParcours.objects.filter(classroom=classroom).count() == 1
    twice = client.put(url, {"period": period.pk, "parcours": [
        {"code": "PAR_ART", "project": "A"}, {"code": "PAR_ART", "project": "B"}]},
        format="json")
    assert twice.status_code == 400
    assert "parcours" in twice.json()["error"]["fields"]
