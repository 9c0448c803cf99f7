"""A school whose livret is ready for the LSU export: the world's school A (and B), with INEs,
ONDE class ids, trimesters, and for each pupil a validated periodic bilan in which every
domain of the cycle has its positionnement, elements, appreciations; the class's parcours;
an accompaniment; the end-of-cycle bilan of the CE2 pupil."""

from __future__ import annotations

from django.utils import timezone

from preau.livret.models import (
    CYCLE_OF_LEVEL,
    END_OF_CYCLE_LEVELS,
    BilanAccompaniment,
    BilanDomain,
    BilanState,
    ClassParcours,
    CycleBilanComponent,
    Domain,
    Parcours,
    SocleComponent,
)
from tests.factories import EnrolmentFactory, GuardianshipFactory, PersonFactory, PupilFactory
from tests.factories.livret import CycleBilanFactory, PeriodicBilanFactory, trimesters


def ine_for(pupil) -> str:
    return f"{pupil.pk:010d}K"


def workflow(state: str) -> dict:
    now = timezone.now()
    return {
        "state": state,
        "locked_at": None if state == BilanState.DRAFT else now,
        "validated_at": now if state in (BilanState.VALIDATED, BilanState.COMMUNICATED) else None,
        "communicated_at": now if state == BilanState.COMMUNICATED else None,
    }


def ready_bilan(*, pupil, classroom, period, level, state=BilanState.VALIDATED):
    """A bilan with every domain of the cycle filled: positionnement on the domains that
    carry one (sub-domains, or domains without any), two elements each, appreciations."""
    bilan = PeriodicBilanFactory(
        pupil=pupil, classroom=classroom, period=period, level=level,
        general_appreciation=f"{pupil.first_name} a fourni un travail régulier ce trimestre.",
        **workflow(state))
    domains = list(Domain.objects.filter(cycle=CYCLE_OF_LEVEL[level])
                   .prefetch_related("subdomains", "elements"))
    for domain in domains:
        leaf = not domain.subdomains.all()
        row = BilanDomain.objects.create(
            bilan=bilan, domain=domain,
            positionnement=(pupil.pk + domain.position) % 4 + 1 if leaf else None,
            appreciation=f"Appréciation en {domain.label.lower()}.")
        if leaf:
            row.elements.set([element for element in domain.elements.all()
                              if element.school_id is None][:2])
    return bilan


def ready_cycle_bilan(*, pupil, classroom, state=BilanState.VALIDATED):
    bilan = CycleBilanFactory(pupil=pupil, classroom=classroom,
                              cycle=END_OF_CYCLE_LEVELS[classroom.levels[0]],
                              synthesis="Les acquis du cycle sont solides.", **workflow(state))
    for index, component in enumerate(SocleComponent):
        CycleBilanComponent.objects.create(bilan=bilan, component=component.value,
                                           mastery=index % 4 + 1)
    return bilan


def livret_ready(world, *, extra_pupils: int = 0, state=BilanState.VALIDATED) -> dict:
    """School A ready for the export of its first trimester (and school B's bilan, for the
    role matrix). Returns the bilans by the world's pupil keys (and ``extra`` ones)."""
    if "lsu_bilans" in world.extra:
        return world.extra["lsu_bilans"]
    a1, a2, b1 = (world.classrooms[key] for key in ("A1", "A2", "B1"))
    for index, classroom in enumerate((a1, a2, b1), start=1):
        classroom.onde_class_id = f"ONDE-{classroom.school.uai}-{index}"
        classroom.save(update_fields=["onde_class_id"])
    for pupil in world.pupils.values():
        pupil.ine = ine_for(pupil)
        pupil.save(update_fields=["ine"])
    period_a = trimesters(school=a1.school, school_year=a1.school_year)[0]
    period_b = trimesters(school=b1.school, school_year=b1.school_year)[0]
    bilans = {
        "A1": ready_bilan(pupil=world.pupils["A1"], classroom=a1, period=period_a, level="CE2",
                          state=state),
        "A2": ready_bilan(pupil=world.pupils["A2"], classroom=a2, period=period_a, level="CM1",
                          state=state),
        "B1": ready_bilan(pupil=world.pupils["B1"], classroom=b1, period=period_b, level="CP",
                          state=state),
    }
    for number in range(extra_pupils):
        pupil = PupilFactory(first_name=f"Élève{number}", last_name=f"Nom{number}")
        pupil.ine = ine_for(pupil)
        pupil.save(update_fields=["ine"])
        EnrolmentFactory(pupil=pupil, classroom=a1)
        GuardianshipFactory(guardian=PersonFactory(), pupil=pupil)
        bilans[f"extra{number}"] = ready_bilan(pupil=pupil, classroom=a1, period=period_a,
                                               level="CE2", state=state)
    BilanAccompaniment.objects.create(bilan=bilans["A1"], code="PPRE",
                                      ppre_complement="Lecture : fluence, deux séances par semaine")
    BilanAccompaniment.objects.create(bilan=bilans["A1"], code="RASED")
    ClassParcours.objects.create(classroom=a1, period=period_a, code=Parcours.CITOYEN,
                                 project="Élection des délégués et conseil d'élèves.")
    ClassParcours.objects.create(classroom=a1, period=period_a, code=Parcours.ARTISTIQUE,
                                 project="Chorale de l'école avec le conservatoire.")
    world.extra["lsu_period"] = {"A": period_a, "B": period_b}
    # Every CE2 pupil ends cycle 2: an end-of-cycle bilan each.
    world.extra["lsu_cycle_bilans"] = {
        key: ready_cycle_bilan(pupil=bilan.pupil, classroom=a1, state=state)
        for key, bilan in bilans.items() if bilan.classroom_id == a1.pk}
    world.extra["lsu_bilans"] = bilans
    return bilans

