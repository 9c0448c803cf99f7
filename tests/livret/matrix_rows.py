"""Role-matrix rows of the livret's periods, programme, level scale and evaluations."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from preau.livret.models import (
    Cycle,
    Domain,
    Evaluation,
    EvaluationElement,
    LevelScale,
    ProgrammeElement,
    Result,
)
from tests.factories.livret import national_elements, trimesters
from tests.matrix import Row
from tests.world import World

SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}
CLASSROOMS = {"own": "A1", "same_school": "A2", "other_school": "B1", "other_departement": "C1"}
PUPILS = CLASSROOMS
SCHOOL_LIFE = {"pupil": {"A"}, "guardian": {"A"}, "guardian_other": {"A"}, "teacher": {"A"},
               "teacher_other": {"A"}, "director": {"A"}, "director_other": {"B"}}
SCHOOL_STAFF = {"teacher": {"A"}, "teacher_other": {"A"}, "director": {"A"},
                "director_other": {"B"}}
DIRECTORS = {"director": {"A"}, "director_other": {"B"}}
CLASS_STAFF = {"teacher": {"A1"}, "teacher_other": {"A2"}, "director": {"A1", "A2"},
               "director_other": {"B1"}}
CLASS_FAMILY_AND_STAFF = {**CLASS_STAFF, "pupil": {"A1"}, "guardian": {"A1"},
                          "guardian_other": {"A2"}}
CHILDREN = {"pupil": {"A1"}, "guardian": {"A1"}, "guardian_other": {"A2"}}
ON = date(2026, 11, 20)
PUBLISHED_AT = datetime(2026, 11, 20, 17, 0, tzinfo=ZoneInfo("Europe/Paris"))


def _cycle(classroom) -> str:
    return Cycle.CYCLE_3 if classroom.levels[0] in ("CM1", "CM2") else Cycle.CYCLE_2


def with_livret(world: World) -> None:
    """Trimesters in every school, a school element and a scale each, and in every classroom
    a published evaluation with its pupil's results."""
    if "evaluations" in world.extra:
        return
    world.extra["evaluations"], world.extra["school_elements"] = {}, {}
    lecture = Domain.objects.get(cycle=Cycle.CYCLE_2, code="FRA-LEC")
    for key, school in world.schools.items():
        classroom = next(c for c in world.classrooms.values() if c.school_id == school.pk)
        trimesters(school=school, school_year=classroom.school_year)
        LevelScale.objects.create(school=school, labels=["A", "B", "C", "D"],
                                  colours=["#000000", "#111111", "#222222", "#333333"])
        world.extra["school_elements"][key] = ProgrammeElement.objects.create(
            domain=lecture, school=school, label=f"Rallye lecture {key}")
    for key, classroom in world.classrooms.items():
        evaluation = Evaluation.objects.create(
            classroom=classroom, title="Dictée", date=ON, published_at=PUBLISHED_AT,
            author=classroom.assignments.first().person)
        elements = national_elements(cycle=_cycle(classroom))[:2]
        EvaluationElement.objects.bulk_create(
            EvaluationElement(evaluation=evaluation, element=e) for e in elements)
        Result.objects.bulk_create(
            Result(evaluation=evaluation, element=e, pupil=world.pupils[key], level=3)
            for e in elements)
        world.extra["evaluations"][key] = evaluation


def _school(world, key):
    return world.schools[key]


def _classroom(world, key):
    return world.classrooms[key]


def _evaluation(world, key):
    return world.extra["evaluations"][key]


def _create_body(world: World, key: str | None) -> dict:
    element = national_elements(cycle=_cycle(world.classrooms[key]))[0]
    return {"title": "Calcul mental", "date": "2026-11-24", "elements": [element.pk]}


def _element_body(world: World, key: str | None) -> dict:
    return {"domain": Domain.objects.get(cycle=Cycle.CYCLE_2, code="FRA-LEC").pk,
            "label": "Lire à la BCD"}


def _grid_body(world: World, key: str | None) -> dict:
    evaluation = world.extra["evaluations"][key]
    element = EvaluationElement.objects.filter(evaluation=evaluation).first().element_id
    return {"cells": [{"pupil": world.pupils[key].pk, "element": element, "level": 4}]}


SEMESTERS = {"scheme": "semesters", "periods": [
    {"start_date": "2026-09-01", "end_date": "2027-01-31"},
    {"start_date": "2027-02-01", "end_date": "2027-07-03"}]}
SCALE = {"labels": ["À revoir", "En cours", "Acquis", "Expert"],
         "colours": ["#dc2626", "#f59e0b", "#16a34a", "#2563eb"]}

ROWS: list[Row] = [
    Row("livret:periods", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOL_LIFE, prepare=with_livret),
    Row("livret:periods", method="PUT", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOL_LIFE, writers=DIRECTORS, body=SEMESTERS, prepare=with_livret),
    Row("livret:programme", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOL_STAFF, query=lambda w: {"cycle": "2"}),
    Row("livret:programme-element-create", method="POST", kwarg="school_id", resolve=_school,
        targets=SCHOOLS, seen=SCHOOL_STAFF, writers=SCHOOL_STAFF, ok_status=201,
        body=_element_body),
    Row("livret:programme-element-deactivate", method="POST", kwarg="element_id",
        resolve=lambda w, k: w.extra["school_elements"][k], targets=SCHOOLS,
        seen=SCHOOL_STAFF, writers=SCHOOL_STAFF, prepare=with_livret),
    Row("livret:level-scale", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOL_LIFE, prepare=with_livret),
    Row("livret:level-scale", method="PUT", kwarg="school_id", resolve=_school, targets=SCHOOLS,
        seen=SCHOOL_LIFE, writers=DIRECTORS, body=SCALE, prepare=with_livret),
    Row("livret:classroom-evaluations", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=CLASS_STAFF, prepare=with_livret),
    Row("livret:classroom-evaluations", method="POST", kwarg="classroom_id",
        resolve=_classroom, targets=CLASSROOMS, seen=CLASS_STAFF, writers=CLASS_STAFF,
        ok_status=201, body=_create_body),
    Row("livret:evaluation-detail", kwarg="evaluation_id", resolve=_evaluation,
        targets=CLASSROOMS, seen=CLASS_FAMILY_AND_STAFF, prepare=with_livret),
    Row("livret:evaluation-detail", method="PATCH", kwarg="evaluation_id",
        resolve=_evaluation, targets=CLASSROOMS, seen=CLASS_FAMILY_AND_STAFF,
        writers=CLASS_STAFF, body={"title": "Dictée corrigée"}, prepare=with_livret),
    Row("livret:evaluation-detail", method="DELETE", kwarg="evaluation_id",
        resolve=_evaluation, targets=CLASSROOMS, seen=CLASS_FAMILY_AND_STAFF,
        writers=CLASS_STAFF, ok_status=204, prepare=with_livret),
    Row("livret:evaluation-publish", method="POST", kwarg="evaluation_id",
        resolve=_evaluation, targets=CLASSROOMS, seen=CLASS_FAMILY_AND_STAFF,
        writers=CLASS_STAFF, prepare=with_livret),
    Row("livret:evaluation-grid", kwarg="evaluation_id", resolve=_evaluation,
        targets=CLASSROOMS, seen=CLASS_STAFF, prepare=with_livret),
    Row("livret:evaluation-grid", method="PUT", kwarg="evaluation_id", resolve=_evaluation,
        targets=CLASSROOMS, seen=CLASS_STAFF, writers=CLASS_STAFF, body=_grid_body,
        prepare=with_livret),
    Row("livret:child-evaluations", kwarg="pupil_id", resolve=lambda w, k: w.pupils[k],
        targets=PUPILS, seen=CHILDREN, prepare=with_livret),
]
