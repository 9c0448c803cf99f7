"""Role-matrix rows of the bilans (periodic and end-of-cycle), the families' reads and
acknowledgements, and the authorities' progress counts."""

from __future__ import annotations

from django.utils import timezone

from preau.livret import bilan_services
from preau.livret.models import (
    CYCLE_OF_LEVEL,
    Acknowledgement,
    BilanDomain,
    BilanState,
    CycleBilan,
    CycleBilanComponent,
    Domain,
    PeriodicBilan,
    SocleComponent,
)
from preau.people.models import Guardianship
from tests.factories import PupilFactory
from tests.factories.livret import trimesters
from tests.matrix import Row
from tests.world import World

CLASSROOMS = {"own": "A1", "same_school": "A2", "other_school": "B1", "other_departement": "C1"}
STAFF = {"teacher": {"A1"}, "teacher_other": {"A2"}, "director": {"A1", "A2"},
         "director_other": {"B1"}}
TEACHERS = {"teacher": {"A1"}, "teacher_other": {"A2"}}
DIRECTORS = {"director": {"A1", "A2"}, "director_other": {"B1"}}
FAMILY = {"pupil": {"A1"}, "guardian": {"A1"}, "guardian_other": {"A2"}}
GUARDIANS = {"guardian": {"A1"}, "guardian_other": {"A2"}}
# READ: the staff, and the families of the communicated bilans.
READERS = {**STAFF, **FAMILY}
INSPECTORS = {"inspector": {"A"}, "inspector_other": {"B"}, "dasen": {"A", "B"}}

# The steps a bilan has been through, per state.
_DATES = {
    BilanState.DRAFT: {},
    BilanState.LOCKED: {"locked_at"},
    BilanState.VALIDATED: {"locked_at", "validated_at"},
    BilanState.COMMUNICATED: {"locked_at", "validated_at", "communicated_at"},
}


def _stamped(state: str) -> dict:
    now = timezone.now()
    return {"state": state, **dict.fromkeys(_DATES[state], now)}


def _periodic(world: World, state: str, *, filled: bool = False, family: bool = False) -> dict:
    """A bilan per classroom in ``state``: a new pupil's, of trimester 1; or, when
    ``family``, the world's pupil's of trimester 2 (the LSU rows hold trimester 1's) with an
    acknowledgement row per legal guardian."""
    name = f"bilans_{state}_{filled}_{family}"
    if name not in world.extra:
        bilans = {}
        for key, classroom in world.classrooms.items():
            period = trimesters(school=classroom.school,
                                school_year=classroom.school_year)[1 if family else 0]
            pupil = world.pupils[key] if family else PupilFactory()
            bilan = PeriodicBilan.objects.create(
                pupil=pupil, classroom=classroom, period=period, level=classroom.levels[0],
                **_stamped(state))
            BilanDomain.objects.bulk_create([
                BilanDomain(bilan=bilan, domain=domain, positionnement=3 if filled else None)
                for domain in Domain.objects.filter(cycle=CYCLE_OF_LEVEL[bilan.level])])
            if family:
                Acknowledgement.objects.bulk_create([
                    Acknowledgement(periodic_bilan=bilan, guardian_id=guardian_id)
                    for guardian_id in Guardianship.objects.filter(
                        pupil=pupil, is_legal=True).values_list("guardian_id", flat=True)])
            bilans[key] = bilan
        world.extra[name] = bilans
    return world.extra[name]


def _cycle(world: World, state: str, *, filled: bool = False, family: bool = False) -> dict:
    name = f"cycle_bilans_{state}_{filled}_{family}"
    if name not in world.extra:
        bilans = {}
        for key, classroom in world.classrooms.items():
            pupil = PupilFactory()
            if family:  # the world pupil's guardians (its own end-of-cycle bilan is the LSU rows')
                Guardianship.objects.bulk_create([
                    Guardianship(guardian_id=link.guardian_id, pupil=pupil, is_legal=True)
                    for link in Guardianship.objects.filter(pupil=world.pupils[key],
                                                            is_legal=True)])
            bilan = CycleBilan.objects.create(pupil=pupil, classroom=classroom,
                                              cycle=CYCLE_OF_LEVEL[classroom.levels[-1]],
                                              **_stamped(state))
            CycleBilanComponent.objects.bulk_create([
                CycleBilanComponent(bilan=bilan, component=code, mastery=3 if filled else None)
                for code in SocleComponent.values])
            if family:
                Acknowledgement.objects.bulk_create([
                    Acknowledgement(cycle_bilan=bilan, guardian_id=guardian_id)
                    for guardian_id in Guardianship.objects.filter(
                        pupil=pupil, is_legal=True).values_list("guardian_id", flat=True)])
            bilans[key] = bilan
        world.extra[name] = bilans
    return world.extra[name]


def _with_periods(world: World) -> None:
    for classroom in world.classrooms.values():
        trimesters(school=classroom.school, school_year=classroom.school_year)


def _with_progress(world: World) -> None:
    """The world's pupils' bilans of trimester 3 (trimesters 1 and 2 hold the rows' own)."""
    if "bilans_progress" not in world.extra:
        for classroom in world.classrooms.values():
            bilan_services.class_bilans_open(
                classroom=classroom,
                period=trimesters(school=classroom.school, school_year=classroom.school_year)[2])
        world.extra["bilans_progress"] = True


def _classroom(world, key):
    return world.classrooms[key]


def _periodic_row(name, method, state, *, seen, writers=None, filled=False, family=False,
                  body=None) -> Row:
    return Row(name, method=method, kwarg="bilan_id",
               resolve=lambda w, k: _periodic(w, state, filled=filled, family=family)[k],
               targets=CLASSROOMS, seen=seen, writers=writers or {}, body=body,
               prepare=lambda w: _periodic(w, state, filled=filled, family=family))


def _cycle_row(name, method, state, *, seen, writers=None, filled=False, family=False,
               body=None) -> Row:
    return Row(name, method=method, kwarg="bilan_id",
               resolve=lambda w, k: _cycle(w, state, filled=filled, family=family)[k],
               targets=CLASSROOMS, seen=seen, writers=writers or {}, body=body,
               prepare=lambda w: _cycle(w, state, filled=filled, family=family))


DRAFT, LOCKED, VALIDATED, COMMUNICATED = (BilanState.DRAFT, BilanState.LOCKED,
                                          BilanState.VALIDATED, BilanState.COMMUNICATED)

ROWS: list[Row] = [
    Row("livret:class-bilans", kwarg="classroom_id", resolve=_classroom, targets=CLASSROOMS,
        seen=STAFF, prepare=_with_periods),
    Row("livret:class-bilans-validate", method="POST", kwarg="classroom_id",
        resolve=_classroom, targets=CLASSROOMS, seen=STAFF, writers=DIRECTORS,
        prepare=_with_periods),
    Row("livret:class-bilans-communicate", method="POST", kwarg="classroom_id",
        resolve=_classroom, targets=CLASSROOMS, seen=STAFF, writers=DIRECTORS,
        prepare=_with_periods),
    Row("livret:class-parcours", kwarg="classroom_id", resolve=_classroom, targets=CLASSROOMS,
        seen=STAFF, prepare=_with_periods),
    Row("livret:class-parcours", method="PUT", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=STAFF, writers=TEACHERS, prepare=_with_periods,
        body={"parcours": [{"code": "PAR_CIT", "project": "Conseil des élèves"}]}),
    Row("livret:class-cycle-bilans", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=STAFF),
    _periodic_row("livret:bilan-detail", "GET", DRAFT, seen=STAFF),
    _periodic_row("livret:bilan-detail", "PATCH", DRAFT, seen=STAFF, writers=TEACHERS,
                  body={"general_appreciation": "Un bon trimestre."}),
    _periodic_row("livret:bilan-lock", "POST", DRAFT, seen=STAFF, writers=TEACHERS,
                  filled=True),
    _periodic_row("livret:bilan-unlock", "POST", LOCKED, seen=STAFF, writers=TEACHERS),
    _periodic_row("livret:bilan-validate", "POST", LOCKED, seen=STAFF, writers=DIRECTORS),
    _periodic_row("livret:bilan-communicate", "POST", VALIDATED, seen=STAFF,
                  writers=DIRECTORS),
    _periodic_row("livret:bilan-acknowledge", "POST", COMMUNICATED, seen=READERS,
                  writers=GUARDIANS, family=True),
    _cycle_row("livret:cycle-bilan-detail", "GET", DRAFT, seen=STAFF),
    _cycle_row("livret:cycle-bilan-detail", "PATCH", DRAFT, seen=STAFF, writers=TEACHERS,
               body={"synthesis": "Les acquis du cycle sont solides."}),
    _cycle_row("livret:cycle-bilan-lock", "POST", DRAFT, seen=STAFF, writers=TEACHERS,
               filled=True),
    _cycle_row("livret:cycle-bilan-unlock", "POST", LOCKED, seen=STAFF, writers=TEACHERS),
    _cycle_row("livret:cycle-bilan-validate", "POST", LOCKED, seen=STAFF, writers=DIRECTORS),
    _cycle_row("livret:cycle-bilan-communicate", "POST", VALIDATED, seen=STAFF,
               writers=DIRECTORS),
    _cycle_row("livret:cycle-bilan-acknowledge", "POST", COMMUNICATED,
               seen={**STAFF, **GUARDIANS},
               writers=GUARDIANS, family=True),
    Row("livret:child-bilans", kwarg="pupil_id", resolve=lambda w, k: w.pupils[k],
        targets=CLASSROOMS, seen=FAMILY,
        prepare=lambda w: _periodic(w, COMMUNICATED, family=True)),
    Row("livret_authority:progress", kind="list", seen=INSPECTORS, prepare=_with_progress,
        query=lambda w: {"index": 3},
        listed_key=lambda w, item: next(key for key, school in w.schools.items()
                                        if school.pk == item["id"])),
]
