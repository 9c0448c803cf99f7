"""The director sets the school year's periods; everyone of the school reads them."""

import pytest

from preau.livret.models import Period
from tests.factories.livret import PeriodicBilanFactory
from tests.livret.conftest import NOW

pytestmark = pytest.mark.django_db
WORLD_NOW = NOW

TRIMESTERS = {"scheme": "trimesters", "periods": [
    {"start_date": "2026-09-01", "end_date": "2026-11-30"},
    {"start_date": "2026-12-01", "end_date": "2027-02-28"},
    {"start_date": "2027-03-01", "end_date": "2027-07-03"},
]}


@pytest.fixture
def world(world_of_module):
    return world_of_module


def url(world, key="A"):
    return f"/api/v1/livret/schools/{world.schools[key].pk}/periods/"


def test_the_director_sets_trimesters_and_the_school_reads_them(world, client_for):
    response = client_for("director").put(url(world), TRIMESTERS, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["school_year"], body["scheme"]) == ("2026-2027", "trimesters")
    assert [(p["label"], p["start_date"], p["end_date"]) for p in body["periods"]] == [
        ("Trimestre 1", "2026-09-01", "2026-11-30"), ("Trimestre 2", "2026-12-01", "2027-02-28"),
        ("Trimestre 3", "2027-03-01", "2027-07-03")]
    for role in ("pupil", "guardian", "teacher", "teacher_other"):
        assert client_for(role).get(url(world)).json() == body
    for role in ("commune", "inspector", "dasen", "director_other", "guardian"):
        expected = 200 if role == "guardian" else 404
        assert client_for(role).get(url(world)).status_code == expected


def test_no_periods_yet_reads_as_an_empty_set(world, client_for):
    assert client_for("teacher").get(url(world)).json()["periods"] == []
    assert client_for("teacher").get(url(world)).json()["scheme"] is None


def test_semesters_replace_trimesters_keeping_the_first_periods(world, client_for):
    director = client_for("director")
    first = director.put(url(world), TRIMESTERS, format="json").json()["periods"]

    response = director.put(url(world), {"scheme": "semesters", "periods": [
        {"start_date": "2026-09-01", "end_date": "2027-01-31"},
        {"start_date": "2027-02-01", "end_date": "2027-07-03"}]}, format="json")

    assert response.status_code == 200
    assert [p["label"] for p in response.json()["periods"]] == ["Semestre 1", "Semestre 2"]
    assert [p["id"] for p in response.json()["periods"]] == [p["id"] for p in first[:2]]
    assert Period.objects.filter(school=world.schools["A"]).count() == 2


@pytest.mark.parametrize(("change", "field"), [
    (lambda b: b["periods"][1].update(start_date="2026-12-02"), "periods[1].start_date"),
    (lambda b: b["periods"][0].update(start_date="2026-08-25"), "periods[0].start_date"),
    (lambda b: b["periods"][2].update(end_date="2027-09-02"), "periods[2].end_date"),
    (lambda b: b["periods"][2].update(end_date="2027-02-01"), "periods[2].end_date"),
    (lambda b: b["periods"].pop(), "periods"),
    (lambda b: b["periods"][0].update(end_date="31/11/2026"), "periods[0].end_date"),
    (lambda b: b.update(scheme="quadrimestres"), "scheme"),
])
def test_bad_periods_get_a_400_naming_the_field_and_nothing_is_written(
        world, client_for, change, field):
    body = {"scheme": TRIMESTERS["scheme"], "periods": [dict(p) for p in TRIMESTERS["periods"]]}
    change(body)

    response = client_for("director").put(url(world), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Period.objects.filter(school=world.schools["A"]).exists()


def test_periods_no_longer_change_once_a_bilan_exists(world, client_for):
    director = client_for("director")
    director.put(url(world), TRIMESTERS, format="json")
    PeriodicBilanFactory(pupil=world.pupils["A1"], classroom=world.classrooms["A1"],
                         period=Period.objects.get(school=world.schools["A"], index=1))

    response = director.put(url(world), {"scheme": "semesters", "periods": [
        {"start_date": "2026-09-01", "end_date": "2027-01-31"},
        {"start_date": "2027-02-01", "end_date": "2027-07-03"}]}, format="json")

    assert response.status_code == 400
    assert "periods" in response.json()["error"]["fields"]
    assert Period.objects.filter(school=world.schools["A"]).count() == 3


def test_teachers_read_but_do_not_set_the_periods(world, client_for):
    assert client_for("teacher").put(url(world), TRIMESTERS, format="json").status_code == 403
    assert client_for("director_other").put(url(world), TRIMESTERS,
                                            format="json").status_code == 404
    assert client_for("dasen").put(url(world), TRIMESTERS, format="json").status_code == 403
    assert not Period.objects.exists()
