"""Helpers of the bilans' tests (the livret's fixtures are in conftest.py): the world's first trimester, results, a filled bilan."""

from __future__ import annotations

from datetime import timedelta

from preau.livret import bilan_services
from preau.livret.models import BilanDomain, PeriodicBilan, Result
from preau.livret.suggest import leaf_domains
from tests.factories.livret import EvaluationFactory, trimesters


def first_trimester(classroom):
    return trimesters(school=classroom.school, school_year=classroom.school_year)[0]


def open_bilans(classroom, period=None) -> list[PeriodicBilan]:
    period = period or first_trimester(classroom)
    bilan_services.class_bilans_open(classroom=classroom, period=period)
    return list(PeriodicBilan.objects.filter(classroom=classroom, period=period))


def fill(bilan: PeriodicBilan, level: int = 3) -> None:
    """Every domain the lock requires positioned."""
    rows = list(BilanDomain.objects.filter(bilan=bilan).select_related("domain"))
    leaves = {domain.pk for domain in leaf_domains(row.domain for row in rows)}
    BilanDomain.objects.filter(bilan=bilan, domain_id__in=leaves).update(positionnement=level)


def evaluate(*, classroom, author, elements, levels: dict, period=None, days: int = 20):
    """One evaluation in the period with ``levels[(pupil, element)]`` (None: absent)."""
    period = period or first_trimester(classroom)
    evaluation = EvaluationFactory(classroom=classroom, author=author,
                                   date=period.start_date + timedelta(days=days),
                                   with_elements=elements)
    Result.objects.bulk_create([
        Result(evaluation=evaluation, element=element, pupil=pupil, level=level,
               absent=level is None)
        for (pupil, element), level in levels.items()])
    return evaluation
