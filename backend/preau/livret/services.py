"""Writes of the livret: periods, the school's programme elements and level scale,
evaluations and their grid."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.livret import events
from preau.livret.models import (
    CYCLE_OF_LEVEL,
    ClassParcours,
    Domain,
    Evaluation,
    EvaluationElement,
    LevelScale,
    Period,
    PeriodicBilan,
    PeriodScheme,
    ProgrammeElement,
    Result,
)
from preau.people.access import (
    Purpose,
    enrolments_active_on,
    schools_visible_to,
    taught_or_directed_classrooms,
    viewer_person_id,
)
from preau.schools.models import Classroom, School, SchoolYear

PERIOD_COUNT = {PeriodScheme.TRIMESTERS: 3, PeriodScheme.SEMESTERS: 2}
MAX_ELEMENTS = 30


def _refuse(message: str, field: str, **kwargs) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]}, **kwargs)


# --- Predicates -------------------------------------------------------------------------------


def can_manage_school(*, actor, school: School) -> bool:
    """The director of the school."""
    return schools_visible_to(actor, purpose=Purpose.MANAGE).filter(pk=school.pk).exists()


def can_edit_programme(*, actor, school: School) -> bool:
    """The school's staff this year: its director and its teachers."""
    return schools_visible_to(actor, purpose=Purpose.STAFF).filter(pk=school.pk).exists()


def can_manage_evaluations(*, actor, classroom: Classroom) -> bool:
    """Who teaches the classroom or directs its school."""
    return taught_or_directed_classrooms(person_id=viewer_person_id(actor)).filter(
        pk=classroom.pk).exists()


def cycles_of(classroom: Classroom) -> set[str]:
    return {CYCLE_OF_LEVEL[level] for level in classroom.levels if level in CYCLE_OF_LEVEL}


# --- Periods ----------------------------------------------------------------------------------


@transaction.atomic
def periods_set(*, actor, school: School, school_year: SchoolYear, scheme: str,
                periods: list[dict]) -> list[Period]:
    """Replace the periods of a school's year (the conseil des maîtres' choice): dated,
    contiguous, inside the school year; refused once a bilan or a class's parcours is
    written for one of them."""
    if not can_manage_school(actor=actor, school=school):
        raise PermissionDeniedError("Seule la direction de l'école fixe ses périodes.")
    count = PERIOD_COUNT[scheme]
    if len(periods) != count:
        kind = "trimestres" if count == 3 else "semestres"
        raise _refuse(f"Indiquez les {count} {kind} de l'année.", "periods")
    for index, period in enumerate(periods):
        if period["end_date"] < period["start_date"]:
            raise _refuse("La fin précède le début.", f"periods[{index}].end_date")
        if index and period["start_date"] != periods[index - 1]["end_date"] + timedelta(days=1):
            raise _refuse("Une période commence le lendemain de la fin de la précédente.",
                          f"periods[{index}].start_date")
    if periods[0]["start_date"] < school_year.start_date:
        raise _refuse(f"L'année scolaire {school_year.label} commence le "
                      f"{school_year.start_date:%d/%m/%Y}.", "periods[0].start_date")
    if periods[-1]["end_date"] > school_year.end_date:
        raise _refuse(f"L'année scolaire {school_year.label} finit le "
                      f"{school_year.end_date:%d/%m/%Y}.", f"periods[{count - 1}].end_date")
    existing = list(Period.objects.select_for_update().filter(school=school,
                                                              school_year=school_year))
    if (PeriodicBilan.objects.filter(period__in=existing).exists()
            or ClassParcours.objects.filter(period__in=existing).exists()):
        raise _refuse("Des bilans sont déjà commencés sur ces périodes : elles ne changent "
                      "plus cette année.", "periods")
    Period.objects.filter(school=school, school_year=school_year, index__gt=count).delete()
    result = []
    for index, period in enumerate(periods, start=1):
        row, _ = Period.objects.update_or_create(
            school=school, school_year=school_year, index=index,
            defaults={"count": count, "start_date": period["start_date"],
                      "end_date": period["end_date"]})
        result.append(row)
    return result


# --- Programme and level scale ----------------------------------------------------------------


@transaction.atomic
def programme_element_add(*, actor, school: School, domain_id: int, label: str,
                          levels: list[str]) -> ProgrammeElement:
    if not can_edit_programme(actor=actor, school=school):
        raise PermissionDeniedError("Seule l'équipe de l'école complète son programme.")
    domain = Domain.objects.filter(pk=domain_id).first()
    if domain is None:
        raise _refuse("Domaine inconnu.", "domain")
    wrong = [level for level in levels if CYCLE_OF_LEVEL.get(level) != domain.cycle]
    if wrong:
        raise _refuse(f"{wrong[0]} n'est pas un niveau du cycle {domain.cycle}.", "levels")
    if ProgrammeElement.objects.filter(domain=domain, label=label).filter(
            Q(school__isnull=True) | Q(school=school)).exists():
        raise _refuse("Cet élément existe déjà dans ce domaine.", "label")
    position = (ProgrammeElement.objects.filter(domain=domain).aggregate(Max("position"))
                ["position__max"] or 0) + 1
    return ProgrammeElement.objects.create(domain=domain, school=school, label=label,
                                           levels=sorted(set(levels)), position=position)


@transaction.atomic
def programme_element_deactivate(*, actor, element: ProgrammeElement) -> ProgrammeElement:
    """The element is no longer offered for new evaluations; past results keep it."""
    if element.school is None or not can_edit_programme(actor=actor, school=element.school):
        raise PermissionDeniedError("Seule l'équipe de l'école modifie son programme.")
    element.is_active = False
    element.save(update_fields=["is_active", "updated_at"])
    return element


@transaction.atomic
def level_scale_set(*, actor, school: School, labels: list[str],
                    colours: list[str]) -> LevelScale:
    if not can_manage_school(actor=actor, school=school):
        raise PermissionDeniedError("Seule la direction de l'école choisit son échelle.")
    scale, _ = LevelScale.objects.update_or_create(
        school=school, defaults={"labels": labels, "colours": colours})
    return scale


# --- Evaluations ------------------------------------------------------------------------------

NOT_YOURS = "Seul·es les enseignant·es de la classe et la direction évaluent ses élèves."


def _check_date(classroom: Classroom, on: date) -> None:
    year = classroom.school_year
    if not year.start_date <= on <= year.end_date:
        raise _refuse(f"Le {on:%d/%m/%Y} n'est pas dans l'année scolaire {year.label} de la "
                      "classe.", "date")


def _check_elements(classroom: Classroom, element_ids: list[int],
                    keep: set[int] = frozenset()) -> None:
    """In one query: every element exists, is of the classroom's cycle(s), and is national
    or the school's own; active, unless the evaluation already had it."""
    if not element_ids:
        raise _refuse("Choisissez au moins un élément du programme.", "elements")
    if len(element_ids) > MAX_ELEMENTS:
        raise _refuse(f"Au plus {MAX_ELEMENTS} éléments par évaluation.", "elements")
    allowed = set(ProgrammeElement.objects.filter(
        Q(is_active=True) | Q(pk__in=keep), pk__in=element_ids,
        domain__cycle__in=cycles_of(classroom),
    ).filter(Q(school__isnull=True) | Q(school_id=classroom.school_id))
        .values_list("pk", flat=True))
    seen: set[int] = set()
    for index, element_id in enumerate(element_ids):
        if element_id not in allowed:
            raise _refuse("Élément inconnu, inactif ou hors du cycle de la classe.",
                          f"elements[{index}]")
        if element_id in seen:
            raise _refuse("Élément en double.", f"elements[{index}]")
        seen.add(element_id)


def _set_elements(evaluation: Evaluation, element_ids: list[int]) -> None:
    EvaluationElement.objects.filter(evaluation=evaluation).delete()
    EvaluationElement.objects.bulk_create(
        EvaluationElement(evaluation=evaluation, element_id=element_id, position=position)
        for position, element_id in enumerate(element_ids))
    Result.objects.filter(evaluation=evaluation).exclude(element_id__in=element_ids).delete()


@transaction.atomic
def evaluation_create(*, actor, classroom: Classroom, title: str, date: date,
                      elements: list[int]) -> Evaluation:
    if not can_manage_evaluations(actor=actor, classroom=classroom):
        raise PermissionDeniedError(NOT_YOURS)
    _check_date(classroom, date)
    _check_elements(classroom, elements)
    evaluation = Evaluation.objects.create(classroom=classroom, title=title, date=date,
                                           author=actor.person)
    _set_elements(evaluation, elements)
    return evaluation


@transaction.atomic
def evaluation_update(*, actor, evaluation: Evaluation, title: str | None = None,
                      date: date | None = None,
                      elements: list[int] | None = None) -> Evaluation:
    """Change the title, the date (the cells of pupils not enrolled on the new date go) or
    the elements (the cells of the elements taken off go)."""
    if not can_manage_evaluations(actor=actor, classroom=evaluation.classroom):
        raise PermissionDeniedError(NOT_YOURS)
    changed = []
    if title is not None:
        evaluation.title = title
        changed.append("title")
    if date is not None:
        _check_date(evaluation.classroom, date)
        evaluation.date = date
        changed.append("date")
    if elements is not None:
        current = set(EvaluationElement.objects.filter(evaluation=evaluation)
                      .values_list("element_id", flat=True))
        _check_elements(evaluation.classroom, elements, keep=current)
        _set_elements(evaluation, elements)
    if date is not None:
        Result.objects.filter(evaluation=evaluation).exclude(
            pupil_id__in=enrolments_active_on(date).filter(
                classroom_id=evaluation.classroom_id).values("pupil_id")).delete()
    if elements is not None or date is not None:
        evaluation.grid_version = F("grid_version") + 1
        changed.append("grid_version")
    evaluation.save(update_fields=[*changed, "updated_at"])
    evaluation.refresh_from_db(fields=["grid_version"])
    return evaluation


@transaction.atomic
def evaluation_delete(*, actor, evaluation: Evaluation) -> None:
    if not can_manage_evaluations(actor=actor, classroom=evaluation.classroom):
        raise PermissionDeniedError(NOT_YOURS)
    evaluation.delete()


@transaction.atomic
def evaluation_publish(*, actor, evaluation: Evaluation) -> Evaluation:
    """Pupils and their legal guardians read it, with their own results, from now on (a
    live event tells them). Publishing twice changes nothing."""
    if not can_manage_evaluations(actor=actor, classroom=evaluation.classroom):
        raise PermissionDeniedError(NOT_YOURS)
    now = timezone.now()
    if Evaluation.objects.filter(pk=evaluation.pk, published_at__isnull=True).update(
            published_at=now, updated_at=now):
        evaluation.published_at = now
        events.evaluation_published(evaluation=evaluation)
    else:
        evaluation.refresh_from_db(fields=["published_at"])
    return evaluation


# --- The grid ---------------------------------------------------------------------------------


def grid_pupils(*, evaluation: Evaluation):
    """The pupils enrolled in the classroom on the evaluation's date: the grid's rows."""
    return enrolments_active_on(evaluation.date).filter(classroom_id=evaluation.classroom_id)


@transaction.atomic
def evaluation_grid_save(*, actor, evaluation: Evaluation, cells: list[dict],
                         expected_version: int | None) -> Evaluation:
    """Replace the whole grid: each cell (pupil × element) holds a level 1–4, or ``absent``;
    a cell with neither, or left out, is empty. One query per kind of id checked, one
    delete, one upsert — whatever the size of the class.

    ``expected_version`` comes from ``If-Match``: when given and not the current version,
    412 (someone saved the grid since it was read); when absent, the grid is written as
    sent.
    """
    if not can_manage_evaluations(actor=actor, classroom=evaluation.classroom):
        raise PermissionDeniedError(NOT_YOURS)
    version = (Evaluation.objects.select_for_update().filter(pk=evaluation.pk)
               .values_list("grid_version", flat=True).get())
    if expected_version is not None and expected_version != version:
        raise _refuse("La grille a été modifiée entre-temps : rechargez-la avant de "
                      "l'enregistrer.", "If-Match", code="precondition_failed",
                      status_code=412)
    pupil_ids = set(grid_pupils(evaluation=evaluation).filter(
        pupil_id__in={cell["pupil"] for cell in cells}).values_list("pupil_id", flat=True))
    element_ids = set(EvaluationElement.objects.filter(evaluation=evaluation)
                      .values_list("element_id", flat=True))
    wanted: dict[tuple[int, int], Result] = {}
    for index, cell in enumerate(cells):
        key = (cell["pupil"], cell["element"])
        if cell["pupil"] not in pupil_ids:
            raise _refuse("Élève non inscrit·e dans la classe à la date de l'évaluation.",
                          f"cells[{index}].pupil")
        if cell["element"] not in element_ids:
            raise _refuse("Cet élément n'est pas évalué ici.", f"cells[{index}].element")
        if key in wanted:
            raise _refuse("Cette case est déjà dans la grille.", f"cells[{index}]")
        absent, level = cell.get("absent", False), cell.get("level")
        if absent and level is not None:
            raise _refuse("Un·e élève absent·e n'a pas de niveau.", f"cells[{index}].level")
        wanted[key] = Result(evaluation_id=evaluation.pk, pupil_id=cell["pupil"],
                             element_id=cell["element"], level=level, absent=absent)
    filled = [result for result in wanted.values()
              if result.absent or result.level is not None]
    kept = {(result.pupil_id, result.element_id) for result in filled}
    stale = [pk for pk, pupil_id, element_id in Result.objects.filter(evaluation=evaluation)
             .values_list("pk", "pupil_id", "element_id") if (pupil_id, element_id) not in kept]
    if stale:
        Result.objects.filter(pk__in=stale).delete()
    Result.objects.bulk_create(filled, update_conflicts=True,
                               unique_fields=["evaluation", "element", "pupil"],
                               update_fields=["level", "absent"])
    Evaluation.objects.filter(pk=evaluation.pk).update(
        grid_version=F("grid_version") + 1, updated_at=timezone.now())
    evaluation.grid_version = version + 1
    return evaluation

