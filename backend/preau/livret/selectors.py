"""Reads of the livret's periods, programme and evaluations, scoped to the viewer through
``livret.access``; every list in a constant number of queries."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from preau.livret.access import (
    evaluations_visible_to,
    level_scales_visible_to,
    periods_visible_to,
    programme_elements_visible_to,
    results_visible_to,
)
from preau.livret.models import (
    Domain,
    Evaluation,
    LevelScale,
    Period,
    ProgrammeElement,
)
from preau.people.access import Purpose, enrolments_active_on
from preau.people.models import Enrolment, Person
from preau.schools.models import Classroom, School, SchoolYear

ELEMENTS = Prefetch("elements", queryset=ProgrammeElement.objects.select_related("domain"))


def period_list(*, viewer, school: School, school_year: SchoolYear) -> QuerySet[Period]:
    return periods_visible_to(viewer, purpose=Purpose.READ).filter(
        school=school, school_year=school_year).order_by("index")


def programme(*, viewer, school: School, cycle: str) -> list[Domain]:
    """The domains of a cycle, each with its active elements: national, and the school's
    own (two queries)."""
    elements = (programme_elements_visible_to(viewer, purpose=Purpose.READ)
                .filter(is_active=True, domain__cycle=cycle)
                .filter(Q(school__isnull=True) | Q(school=school)))
    return list(Domain.objects.filter(cycle=cycle).order_by("position").prefetch_related(
        Prefetch("elements", queryset=elements.order_by("position", "pk"),
                 to_attr="active_elements")))


def level_scale_of(*, viewer, school: School) -> LevelScale:
    """The school's scale, or the default one (not saved) when it has none."""
    scale = level_scales_visible_to(viewer, purpose=Purpose.READ).filter(school=school).first()
    return scale or LevelScale(school=school, labels=LevelScale.DEFAULT_LABELS,
                               colours=LevelScale.DEFAULT_COLOURS)


def scales_by_school(*, school_ids) -> dict[int, LevelScale]:
    """The scales of several schools, defaults included, in one query."""
    found = {scale.school_id: scale for scale in LevelScale.objects.filter(school_id__in=school_ids)}
    return {school_id: found.get(school_id) or LevelScale(
        school_id=school_id, labels=LevelScale.DEFAULT_LABELS,
        colours=LevelScale.DEFAULT_COLOURS) for school_id in school_ids}


def _in_dates(queryset: QuerySet[Evaluation], *, period: Period | None, start: date | None,
              end: date | None) -> QuerySet[Evaluation]:
    if period is not None:
        queryset = queryset.filter(date__gte=period.start_date, date__lte=period.end_date)
    if start is not None:
        queryset = queryset.filter(date__gte=start)
    if end is not None:
        queryset = queryset.filter(date__lte=end)
    return queryset


def evaluation_list(*, viewer, classroom: Classroom, period: Period | None = None,
                    start: date | None = None, end: date | None = None) -> QuerySet[Evaluation]:
    """A classroom's evaluations, newest first, with their elements and how many cells are
    filled."""
    return _in_dates(
        evaluations_visible_to(viewer, purpose=Purpose.REGISTER).filter(classroom=classroom),
        period=period, start=start, end=end,
    ).annotate(result_count=Count("results")).prefetch_related(ELEMENTS).order_by("-date", "-pk")


def evaluation_detail(*, viewer, evaluation: Evaluation) -> Evaluation:
    """An evaluation the caller reached through its gate, with its elements and how many of
    the cells the viewer may see are filled (a family counts its own child's only)."""
    visible = results_visible_to(viewer, purpose=Purpose.READ).filter(evaluation=evaluation)
    return (Evaluation.objects.filter(pk=evaluation.pk)
            .annotate(result_count=Count("results", filter=Q(results__in=visible)))
            .prefetch_related(ELEMENTS).get())


def evaluation_grid(*, viewer, evaluation: Evaluation) -> dict:
    """The grid: the pupils enrolled on the evaluation's date × its elements × the cells
    (four queries)."""
    enrolments = list(enrolments_active_on(evaluation.date)
                      .filter(classroom_id=evaluation.classroom_id)
                      .select_related("pupil").order_by("pupil__last_name", "pupil__first_name",
                                                        "pupil_id"))
    elements = list(ProgrammeElement.objects.filter(
        pk__in=evaluation.elements.through.objects.filter(evaluation=evaluation)
        .values("element_id")).select_related("domain"))
    cells = list(results_visible_to(viewer, purpose=Purpose.REGISTER)
                 .filter(evaluation=evaluation).order_by("pupil_id", "element_id"))
    return {"evaluation": evaluation, "version": evaluation.grid_version,
            "pupils": [{"id": e.pupil_id, "first_name": e.pupil.first_name,
                        "last_name": e.pupil.last_name, "level": e.level}
                       for e in enrolments],
            "elements": elements, "cells": cells}


def child_evaluations(*, viewer, pupil: Person, period: Period | None = None,
                      start: date | None = None,
                      end: date | None = None) -> QuerySet[Evaluation]:
    """The published evaluations of the classrooms the child was enrolled in on their date,
    each with the child's cells only."""
    enrolled = Enrolment.objects.filter(
        pupil=pupil, classroom_id=OuterRef("classroom_id"), start_date__lte=OuterRef("date"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("date")))
    own_results = results_visible_to(viewer, purpose=Purpose.READ).filter(pupil=pupil)
    return _in_dates(
        evaluations_visible_to(viewer, purpose=Purpose.READ)
        .filter(published_at__isnull=False).filter(Exists(enrolled)),
        period=period, start=start, end=end,
    ).select_related("classroom").prefetch_related(
        ELEMENTS, Prefetch("results", queryset=own_results,
                           to_attr="child_results"),
    ).order_by("-date", "-pk")
