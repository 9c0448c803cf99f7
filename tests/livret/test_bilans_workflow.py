"""The workflow: the teacher locks (and may unlock), the director validates and communicates;
each legal guardian is told live, reads and acknowledges separately."""

from __future__ import annotations

import pytest
from django.urls import reverse

from preau.authority.models import AccessKind, AccessLog
from preau.livret import bilan_services
from preau.livret.models import (
    Acknowledgement,
    BilanAccompaniment,
    BilanState,
    CycleBilan,
    CycleBilanComponent,
    PeriodicBilan,
)
from preau.people.models import Guardianship
from tests.factories import GuardianshipFactory, PersonFactory
from tests.livret.bilan_helpers import fill, first_trimester, open_bilans

pytestmark = pytest.mark.django_db


def _post(client, name, bilan, body=None):
    return client.post(reverse(name, kwargs={"bilan_id": bilan.pk}), body or {}, format="json")


def _communicated(world) -> PeriodicBilan:
    (bilan,) = open_bilans(world.classrooms["A1"])
    fill(bilan)
    BilanAccompaniment.objects.create(bilan=bilan, code="PPRE", ppre_complement="Lecture")
    bilan_services.periodic_bilan_lock(actor=world.user("teacher"), bilan=bilan)
    bilan_services.periodic_bilan_validate(actor=world.user("director"), bilan=bilan)
    bilan_services.periodic_bilan_communicate(actor=world.user("director"), bilan=bilan)
    return PeriodicBilan.objects.get(pk=bilan.pk)


def test_locking_needs_every_domain_positioned_and_names_those_left(world, client_for):
    (bilan,) = open_bilans(world.classrooms["A1"])

    response = _post(client_for("teacher"), "livret:bilan-lock", bilan)

    assert response.status_code == 400
    missing = response.json()["error"]["fields"]["domains"]
    assert "Lecture et compréhension de l'écrit" in missing
    assert "Français" not in missing  # a domain with sub-domains: its sub-domains count
    bilan.refresh_from_db()
    assert bilan.state == BilanState.DRAFT


def test_the_teacher_locks_and_unlocks_the_director_validates_then_no_unlock(world,
                                                                           client_for):
    (bilan,) = open_bilans(world.classrooms["A1"])
    fill(bilan)
    teacher, director = client_for("teacher"), client_for("director")

    assert _post(director, "livret:bilan-lock", bilan).status_code == 403
    locked = _post(teacher, "livret:bilan-lock", bilan)
    assert (locked.status_code, locked.json()["state"]) == (200, "locked")
    assert locked.json()["locked_at"]
    assert _post(teacher, "livret:bilan-unlock", bilan).json()["state"] == "draft"
    _post(teacher, "livret:bilan-lock", bilan)
    assert _post(teacher, "livret:bilan-validate", bilan).status_code == 403
    validated = _post(director, "livret:bilan-validate", bilan)
    assert (validated.status_code, validated.json()["state"]) == (200, "validated")

    refused = _post(teacher, "livret:bilan-unlock", bilan)
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["state"]


def test_only_a_validated_bilan_is_communicated(world, client_for):
    (bilan,) = open_bilans(world.classrooms["A1"])
    response = _post(client_for("director"), "livret:bilan-communicate", bilan)
    assert response.status_code == 400
    assert not Acknowledgement.objects.exists()


def test_communicating_reaches_each_legal_guardian_live_after_commit(
        world, client_for, sent_events, django_capture_on_commit_callbacks):
    # A third adult linked to the child but not a legal guardian is not told.
    GuardianshipFactory(guardian=PersonFactory(), pupil=world.pupils["A1"], is_legal=False)
    (bilan,) = open_bilans(world.classrooms["A1"])
    fill(bilan)
    _post(client_for("teacher"), "livret:bilan-lock", bilan)
    _post(client_for("director"), "livret:bilan-validate", bilan)

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_for("director"), "livret:bilan-communicate", bilan)

    assert response.json()["state"] == "communicated"
    legal = set(Guardianship.objects.filter(pupil=world.pupils["A1"], is_legal=True)
                .values_list("guardian_id", flat=True))
    assert set(Acknowledgement.objects.filter(periodic_bilan=bilan)
               .values_list("guardian_id", flat=True)) == legal
    ((event, user_ids),) = sent_events
    assert event == {"type": "livret.bilan_communicated", "kind": "periodic",
                     "bilan_id": bilan.pk, "pupil_id": world.pupils["A1"].pk,
                     "period_id": bilan.period_id}
    assert sorted(user_ids) == sorted([world.user("guardian").pk, world.user("guardian_2").pk])


def test_the_director_validates_and_communicates_a_whole_class(world, client_for):
    classroom = world.classrooms["A1"]
    period = first_trimester(classroom)
    (bilan,) = open_bilans(classroom)
    fill(bilan)
    _post(client_for("teacher"), "livret:bilan-lock", bilan)
    url = reverse("livret:class-bilans-validate", kwargs={"classroom_id": classroom.pk})

    assert client_for("teacher").post(url, {"period": period.pk}, format="json"
                                      ).status_code == 403
    assert client_for("director").post(url, {"period": period.pk}, format="json"
                                       ).json() == {"changed": 1}
    response = client_for("director").post(
        reverse("livret:class-bilans-communicate", kwargs={"classroom_id": classroom.pk}),
        {"period": period.pk}, format="json")

    assert response.json() == {"changed": 1}
    assert PeriodicBilan.objects.get(pk=bilan.pk).state == BilanState.COMMUNICATED
    assert Acknowledgement.objects.filter(periodic_bilan=bilan).count() == 2


def test_each_guardian_reads_the_communicated_bilan_without_accompaniments(world,
                                                                          client_for):
    bilan = _communicated(world)
    url = reverse("livret:child-bilans", kwargs={"pupil_id": world.pupils["A1"].pk})

    for role in ("guardian", "guardian_2", "pupil"):
        response = client_for(role).get(url)
        assert response.status_code == 200
        (periodic,) = response.json()["periodic"]
        assert periodic["id"] == bilan.pk
        assert periodic["period"]["label"] == "Trimestre 1"
        assert "accompaniments" not in periodic
        assert "PPRE" not in response.content.decode()
    assert client_for("guardian_other").get(url).status_code == 404
    assert client_for("teacher").get(url).status_code == 404


def test_a_draft_bilan_is_not_shown_to_the_family(world, client_for):
    open_bilans(world.classrooms["A1"])
    response = client_for("guardian").get(
        reverse("livret:child-bilans", kwargs={"pupil_id": world.pupils["A1"].pk}))
    assert response.json() == {"periodic": [], "cycle": []}


def test_each_legal_guardian_acknowledges_separately_once(world, client_for):
    bilan = _communicated(world)

    first = _post(client_for("guardian"), "livret:bilan-acknowledge", bilan,
                  {"comment": "Merci pour ce bilan."})
    again = _post(client_for("guardian"), "livret:bilan-acknowledge", bilan)
    by_pupil = _post(client_for("pupil"), "livret:bilan-acknowledge", bilan)
    other = _post(client_for("guardian_other"), "livret:bilan-acknowledge", bilan)

    assert first.status_code == 200
    assert first.json()["comment"] == "Merci pour ce bilan."
    assert again.status_code == 400
    assert by_pupil.status_code == 403
    assert other.status_code == 404
    rows = {row.guardian_id: row for row in Acknowledgement.objects.filter(
        periodic_bilan=bilan)}
    assert rows[world.user("guardian").person_id].acknowledged_at is not None
    assert rows[world.user("guardian_2").person_id].acknowledged_at is None
    # The second guardian sees their own acknowledgement pending, not the first one's.
    own = client_for("guardian_2").get(reverse(
        "livret:child-bilans", kwargs={"pupil_id": world.pupils["A1"].pk})).json()
    assert own["periodic"][0]["own_acknowledgement"] == {"acknowledged_at": None,
                                                         "comment": ""}
    # The director sees who acknowledged.
    detail = client_for("director").get(reverse("livret:bilan-detail",
                                                kwargs={"bilan_id": bilan.pk})).json()
    assert {(row["guardian"]["id"], row["acknowledged_at"] is not None)
            for row in detail["acknowledgements"]} == {
        (world.user("guardian").person_id, True), (world.user("guardian_2").person_id, False)}


def test_the_end_of_cycle_bilan_of_a_ce2_pupil_follows_the_same_workflow(world, client_for):
    classroom = world.classrooms["A1"]
    teacher, director = client_for("teacher"), client_for("director")

    (opened,) = teacher.get(reverse("livret:class-cycle-bilans",
                                    kwargs={"classroom_id": classroom.pk})).json()
    bilan = CycleBilan.objects.get(pk=opened["id"])
    assert (opened["cycle"], len(opened["components"])) == ("2", 8)
    # CM1 pupils of A2 have none; its CM2 pupils would.
    assert client_for("teacher_other").get(reverse(
        "livret:class-cycle-bilans", kwargs={"classroom_id": world.classrooms["A2"].pk}
    )).json() == []

    incomplete = _post(teacher, "livret:cycle-bilan-lock", bilan)
    assert incomplete.status_code == 400
    assert len(incomplete.json()["error"]["fields"]["components"]) == 8
    bad = teacher.patch(reverse("livret:cycle-bilan-detail", kwargs={"bilan_id": bilan.pk}),
                        {"components": [{"component": "CPD_FRA", "mastery": 5}]},
                        format="json")
    assert bad.status_code == 400
    assert "components.0.mastery" in bad.json()["error"]["fields"]
    filled = teacher.patch(
        reverse("livret:cycle-bilan-detail", kwargs={"bilan_id": bilan.pk}),
        {"components": [{"component": code, "mastery": 3} for code in
                        CycleBilanComponent.objects.filter(bilan=bilan)
                        .values_list("component", flat=True)],
         "synthesis": "Les acquis du cycle 2 sont solides."}, format="json")
    assert filled.status_code == 200
    assert _post(teacher, "livret:cycle-bilan-lock", bilan).json()["state"] == "locked"
    assert _post(director, "livret:cycle-bilan-validate", bilan).json()["state"] == "validated"
    assert _post(director, "livret:cycle-bilan-communicate", bilan).json()[
        "state"] == "communicated"

    family = client_for("guardian").get(reverse(
        "livret:child-bilans", kwargs={"pupil_id": world.pupils["A1"].pk})).json()
    assert family["cycle"][0]["synthesis"] == "Les acquis du cycle 2 sont solides."
    assert _post(client_for("guardian"), "livret:cycle-bilan-acknowledge", bilan
                 ).status_code == 200
    assert Acknowledgement.objects.filter(cycle_bilan=bilan,
                                          acknowledged_at__isnull=False).count() == 1


def test_the_ien_and_the_dasen_see_counts_by_state_never_a_bilan_the_commune_nothing(
        world, client_for):
    bilan = _communicated(world)
    for key in ("A2", "B1"):
        open_bilans(world.classrooms[key])
    _post(client_for("guardian"), "livret:bilan-acknowledge", bilan)
    url = reverse("livret_authority:progress")

    inspector = client_for("inspector").get(url, {"index": 1})
    dasen = client_for("dasen").get(url, {"index": 1}).json()["results"]
    commune = client_for("commune").get(url, {"index": 1}).json()["results"]

    assert inspector.status_code == 200
    (school,) = inspector.json()["results"]
    assert school["uai"] == world.schools["A"].uai
    assert (school["total"], school["draft"], school["communicated"],
            school["acknowledged"]) == (2, 1, 1, 0)  # one of the two guardians signed
    a1 = next(row for row in school["classrooms"] if row["id"] == world.classrooms["A1"].pk)
    assert (a1["total"], a1["communicated"]) == (1, 1)
    assert {row["uai"] for row in dasen} == {world.schools["A"].uai, world.schools["B"].uai}
    assert commune == []
    text = inspector.content.decode()
    assert world.pupils["A1"].last_name not in text
    assert "Lecture" not in text
    assert "PPRE" not in text
    assert AccessLog.objects.filter(kind=AccessKind.LIVRET_PROGRESS,
                                    viewer=world.user("inspector").person).count() == 1

    _post(client_for("guardian_2"), "livret:bilan-acknowledge", bilan)
    (school,) = client_for("inspector").get(url, {"index": 1}).json()["results"]
    assert school["acknowledged"] == 1
