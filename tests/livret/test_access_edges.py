"""The livret's gates at their edges: a login without a person (the operator) or an
anonymous visitor reads nothing of the livret, even of objects that exist; a purpose a
gate does not serve is refused loudly (``ValueError``), never served as another one; the
authorities count bilans and never read one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from preau.common.errors import NotFoundError
from preau.livret import access
from preau.livret.models import BilanState
from preau.people.access import Purpose
from tests.factories import UserFactory
from tests.factories.livret import CycleBilanFactory, PeriodicBilanFactory, trimesters
from tests.livret.conftest import NOW, fill, make_evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def livret(world):
    """A published evaluation of A1 with Léa's results, a communicated periodic bilan and
    an end-of-cycle bilan of Léa, and the trimesters of school A."""
    léa, classroom = world.pupils["A1"], world.classrooms["A1"]
    evaluation = make_evaluation(world, published=True)
    fill(evaluation, léa)
    periods = trimesters(school=classroom.school, school_year=classroom.school_year)
    communicated = {"state": BilanState.COMMUNICATED, "locked_at": NOW, "validated_at": NOW,
                    "communicated_at": NOW}
    bilan = PeriodicBilanFactory(pupil=léa, classroom=classroom, period=periods[0],
                                 **communicated)
    cycle_bilan = CycleBilanFactory(pupil=léa, classroom=classroom, **communicated)
    return {"evaluation": evaluation, "bilan": bilan, "cycle_bilan": cycle_bilan,
            "period": periods[0], "pupil": léa}


@pytest.mark.parametrize("who", ["operator", "anonymous"])
def test_a_viewer_without_a_person_reads_nothing_of_the_livret(world, livret, who):
    viewer = UserFactory(username="operateur", person=None) if who == "operator" else (
        AnonymousUser())
    guardian = world.user("guardian")

    # The same objects, for their family: they exist and are readable.
    assert access.evaluation_get_for(guardian, livret["evaluation"].pk, purpose=Purpose.READ)
    assert access.bilan_child_get_for(guardian, livret["pupil"].pk, purpose=Purpose.READ)

    assert not access.programme_elements_visible_to(viewer, purpose=Purpose.READ).exists()
    assert not access.evaluations_visible_to(viewer, purpose=Purpose.READ).exists()
    assert not access.results_visible_to(viewer, purpose=Purpose.READ).exists()
    assert not access.evaluated_children_visible_to(viewer, purpose=Purpose.READ).exists()
    assert not access.periodic_bilans_visible_to(viewer, purpose=Purpose.READ).exists()
    assert not access.cycle_bilans_visible_to(viewer, purpose=Purpose.READ).exists()
    assert not access.bilan_children_visible_to(viewer, purpose=Purpose.READ).exists()
    assert not access.bilan_periods_visible_to(viewer, purpose=Purpose.MANAGE).exists()
    assert access.sees_accompaniments(viewer, livret["bilan"]) is False
    gates = [
        (access.evaluation_get_for, livret["evaluation"].pk, Purpose.READ),
        (access.evaluated_child_get_for, livret["pupil"].pk, Purpose.READ),
        (access.periodic_bilan_get_for, livret["bilan"].pk, Purpose.READ),
        (access.cycle_bilan_get_for, livret["cycle_bilan"].pk, Purpose.READ),
        (access.bilan_child_get_for, livret["pupil"].pk, Purpose.READ),
        (access.bilan_period_get_for, livret["period"].pk, Purpose.MANAGE),
    ]
    for gate, pk, purpose in gates:
        with pytest.raises(NotFoundError):
            gate(viewer, pk, purpose=purpose)


def test_the_director_manages_the_periods_of_the_school_and_a_teacher_none(world, livret):
    director, teacher = world.user("director"), world.user("teacher")

    assert access.period_get_for(director, livret["period"].pk, purpose=Purpose.MANAGE) == (
        livret["period"])
    assert access.period_get_for(teacher, livret["period"].pk, purpose=Purpose.READ) == (
        livret["period"])
    with pytest.raises(NotFoundError):
        access.period_get_for(teacher, livret["period"].pk, purpose=Purpose.MANAGE)
    with pytest.raises(NotFoundError):
        access.period_get_for(world.user("director_other"), livret["period"].pk,
                              purpose=Purpose.MANAGE)


def test_the_inspector_counts_the_cycle_bilans_without_reading_one(world, livret):
    inspector = world.user("inspector")

    rows = list(access.cycle_bilans_visible_to(inspector, purpose=Purpose.INSPECT))

    assert rows == [{"pk": livret["cycle_bilan"].pk, "state": BilanState.COMMUNICATED,
                     "classroom_id": livret["cycle_bilan"].classroom_id,
                     "classroom__school_id": world.schools["A"].pk}]
    for gate, pk in ((access.periodic_bilan_get_for, livret["bilan"].pk),
                     (access.cycle_bilan_get_for, livret["cycle_bilan"].pk)):
        with pytest.raises(ValueError, match="never read one"):
            gate(inspector, pk, purpose=Purpose.INSPECT)


@pytest.mark.parametrize(("gate", "purpose"), [
    (access.periods_visible_to, Purpose.REGISTER),
    (access.programme_elements_visible_to, Purpose.REGISTER),
    (access.level_scales_visible_to, Purpose.MANAGE),
    (access.evaluations_visible_to, Purpose.MANAGE),
    (access.results_visible_to, Purpose.MANAGE),
    (access.evaluated_children_visible_to, Purpose.MANAGE),
    (access.periodic_bilans_visible_to, Purpose.REGISTER),
    (access.bilan_children_visible_to, Purpose.MANAGE),
    (access.bilan_periods_visible_to, Purpose.READ),
])
def test_a_purpose_a_gate_does_not_serve_is_refused_not_widened(world, gate, purpose):
    with pytest.raises(ValueError, match="access for"):
        gate(world.user("director"), purpose=purpose)
