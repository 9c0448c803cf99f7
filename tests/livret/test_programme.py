"""The programme of a cycle (national and the school's own elements) and the level scale."""

import pytest

from preau.livret.models import Domain, LevelScale, ProgrammeElement
from tests.livret.conftest import NOW

pytestmark = pytest.mark.django_db
WORLD_NOW = NOW


@pytest.fixture
def world(world_of_module):
    return world_of_module


def programme_url(world, key="A"):
    return f"/api/v1/livret/schools/{world.schools[key].pk}/programme/"


def elements_of(body) -> dict[str, set[str]]:
    return {domain["code"]: {e["label"] for e in domain["elements"]} for domain in body["domains"]}


def lecture(cycle="2") -> Domain:
    return Domain.objects.get(cycle=cycle, code="FRA-LEC")


def test_the_school_staff_reads_the_national_programme_of_a_cycle(world, client_for):
    response = client_for("teacher").get(programme_url(world), {"cycle": "2"})

    assert response.status_code == 200
    body = response.json()
    assert body["cycle"] == "2"
    assert len(body["domains"]) == Domain.objects.filter(cycle="2").count()
    national = ProgrammeElement.objects.filter(school=None, domain__cycle="2").count()
    assert sum(len(d["elements"]) for d in body["domains"]) == national
    assert all(e["is_national"] for d in body["domains"] for e in d["elements"])


def test_a_teacher_adds_an_element_of_the_school_that_other_schools_do_not_see(
        world, client_for):
    domain = lecture()
    response = client_for("teacher").post(
        f"{programme_url(world)}elements/",
        {"domain": domain.pk, "label": "Lire à voix haute un album de la BCD", "levels": ["CE2"]},
        format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["is_national"] is False
    own = client_for("director").get(programme_url(world), {"cycle": "2"}).json()
    assert "Lire à voix haute un album de la BCD" in elements_of(own)[domain.code]
    other = client_for("director_other").get(programme_url(world, "B"), {"cycle": "2"}).json()
    assert "Lire à voix haute un album de la BCD" not in elements_of(other)[domain.code]


@pytest.mark.parametrize(("body", "field"), [
    ({"domain": 999_999, "label": "X"}, "domain"),
    ({"label": "X"}, "domain"),
    ({"domain": None, "label": ""}, "label"),
    ({"domain": None, "label": "X", "levels": ["CM2"]}, "levels"),
    ({"domain": None, "label": "X", "levels": ["6e"]}, "levels[0]"),
])
def test_a_bad_element_gets_a_400_naming_the_field(world, client_for, body, field):
    if body.get("domain", 0) is None:
        body["domain"] = lecture().pk
    before = ProgrammeElement.objects.count()

    response = client_for("teacher").post(f"{programme_url(world)}elements/", body,
                                          format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert ProgrammeElement.objects.count() == before


def test_a_national_element_cannot_be_added_twice(world, client_for):
    national = ProgrammeElement.objects.filter(school=None, domain__cycle="2").first()
    response = client_for("teacher").post(
        f"{programme_url(world)}elements/", {"domain": national.domain_id,
                                             "label": national.label}, format="json")
    assert response.status_code == 400
    assert "label" in response.json()["error"]["fields"]


def test_a_deactivated_element_leaves_the_programme_and_national_ones_stay(world, client_for):
    teacher = client_for("teacher")
    domain = lecture()
    created = teacher.post(f"{programme_url(world)}elements/",
                           {"domain": domain.pk, "label": "Rallye lecture"}, format="json").json()

    response = teacher.post(f"/api/v1/livret/programme-elements/{created['id']}/deactivate/")

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    body = teacher.get(programme_url(world), {"cycle": "2"}).json()
    assert "Rallye lecture" not in elements_of(body)[domain.code]
    national = ProgrammeElement.objects.filter(school=None).first()
    assert teacher.post(f"/api/v1/livret/programme-elements/{national.pk}/deactivate/"
                        ).status_code == 404
    assert client_for("director_other").post(
        f"/api/v1/livret/programme-elements/{created['id']}/deactivate/").status_code == 404


def test_families_and_authorities_do_not_read_the_programme(world, client_for):
    for role in ("pupil", "guardian", "commune", "inspector", "dasen", "director_other"):
        assert client_for(role).get(programme_url(world), {"cycle": "2"}).status_code == 404


def test_the_cycle_is_required(world, client_for):
    response = client_for("teacher").get(programme_url(world))
    assert response.status_code == 400
    assert "cycle" in response.json()["error"]["fields"]


def test_the_level_scale_has_defaults_and_the_director_sets_its_own(world, client_for):
    url = f"/api/v1/livret/schools/{world.schools['A'].pk}/level-scale/"
    default = client_for("guardian").get(url).json()
    assert default == {"labels": LevelScale.DEFAULT_LABELS, "colours": LevelScale.DEFAULT_COLOURS,
                       "is_default": True}

    mine = {"labels": ["À revoir", "En cours", "Acquis", "Expert"],
            "colours": ["#dc2626", "#f59e0b", "#16a34a", "#2563eb"]}
    assert client_for("director").put(url, mine, format="json").status_code == 200

    assert client_for("pupil").get(url).json() == {**mine, "is_default": False}
    assert client_for("teacher").put(url, mine, format="json").status_code == 403
    assert client_for("inspector").get(url).status_code == 404
    bad = client_for("director").put(url, {**mine, "colours": ["#dc2626", "rouge", "#16a34a",
                                                                 "#2563eb"]}, format="json")
    assert bad.status_code == 400
    assert "colours[1]" in bad.json()["error"]["fields"]
    assert client_for("director").put(url, {**mine, "labels": ["A", "B"]},
                                      format="json").json()["error"]["fields"].keys() == {"labels"}
