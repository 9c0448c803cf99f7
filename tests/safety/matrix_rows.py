"""Role-matrix rows of the muster and the registre de sécurité: the school's staff reach
its musters, its director alone puts a class in another's charge and (having started
them) ends them; families and authorities never see a muster — the inspection reads the
yearly counts (``safety:exercises``)."""

from __future__ import annotations

from tests.matrix import Row
from tests.safety.scope import DIRECTORS, PUPIL_OF, SCHOOLS, STAFF, with_musters
from tests.world import World


def _school(world: World, key: str):
    return world.schools[key]


def _muster(world: World, key: str):
    return world.extra["musters"][key]


def _marks(world: World, key: str | None) -> dict:
    return {"marks": [{"pupil": world.pupils[PUPIL_OF[key or "A"]].pk, "found": True}]}


def _assignment(world: World, key: str | None) -> dict:
    school = key or "A"
    classroom = world.classrooms[PUPIL_OF[school]]
    colleague = {"A": "teacher_other", "B": "director_other", "C": "director"}[school]
    return {"classroom": classroom.pk, "responsible": world.user(colleague).person_id}


ROWS: list[Row] = [
    Row("safety:school-musters", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=STAFF, prepare=with_musters),
    Row("safety:school-musters", method="POST", kwarg="school_id", resolve=_school,
        targets=SCHOOLS, seen=STAFF, writers=STAFF, ok_status=201,
        body={"kind": "fire", "is_drill": True}),
    Row("safety:school-register-pdf", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=STAFF, prepare=with_musters),
    Row("safety:muster-detail", kwarg="muster_id", resolve=_muster, targets=SCHOOLS,
        seen=STAFF, prepare=with_musters),
    Row("safety:muster-marks", method="POST", kwarg="muster_id", resolve=_muster,
        targets=SCHOOLS, seen=STAFF, writers=STAFF, prepare=with_musters, body=_marks),
    Row("safety:muster-assign", method="POST", kwarg="muster_id", resolve=_muster,
        targets=SCHOOLS, seen=STAFF, writers=DIRECTORS, prepare=with_musters,
        body=_assignment),
    Row("safety:muster-end", method="POST", kwarg="muster_id", resolve=_muster,
        targets=SCHOOLS, seen=STAFF, writers=DIRECTORS, prepare=with_musters,
        body={"observations": "Porte du préau bloquée"}),
    Row("safety:exercises", kind="self"),
]
