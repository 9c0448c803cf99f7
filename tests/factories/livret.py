"""Factories for the livret: periods, evaluations, bilans (reference data comes from the
migration ``livret.0002_programme``)."""

from __future__ import annotations

from datetime import timedelta

import factory

from preau.livret.models import (
    Cycle,
    CycleBilan,
    Domain,
    Evaluation,
    EvaluationElement,
    Period,
    PeriodicBilan,
    ProgrammeElement,
)
from tests.factories import (
    ClassroomFactory,
    PersonFactory,
    PupilFactory,
    SchoolFactory,
    current_school_year,
)


def trimesters(*, school, school_year) -> list[Period]:
    """The three trimesters of a school's year: September–November, December–February,
    March–end of year."""
    start = school_year.start_date
    bounds = [
        (start, start.replace(month=11, day=30)),
        (start.replace(month=12, day=1), start.replace(year=start.year + 1, month=3, day=1)
         - timedelta(days=1)),
        (start.replace(year=start.year + 1, month=3, day=1), school_year.end_date),
    ]
    return [Period.objects.get_or_create(
        school=school, school_year=school_year, index=index,
        defaults={"count": 3, "start_date": first, "end_date": last})[0]
        for index, (first, last) in enumerate(bounds, start=1)]


def national_elements(*, cycle: str = Cycle.CYCLE_2, codes: tuple[str, ...] = ()) -> list[
        ProgrammeElement]:
    """The national programme elements of a cycle, in the order of the bilan (optionally of
    some domain codes only)."""
    elements = ProgrammeElement.objects.filter(school=None, domain__cycle=cycle)
    if codes:
        elements = elements.filter(domain__code__in=codes)
    return list(elements.select_related("domain"))


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ["school", "school_year", "index"]

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.LazyFunction(current_school_year)
    index = 1
    count = 3
    start_date = factory.LazyAttribute(lambda o: o.school_year.start_date)
    end_date = factory.LazyAttribute(lambda o: o.school_year.start_date.replace(month=11, day=30))


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    classroom = factory.SubFactory(ClassroomFactory)
    title = factory.Sequence(lambda n: f"Évaluation {n}")
    date = factory.LazyAttribute(lambda o: o.classroom.school_year.start_date + timedelta(days=30))
    author = factory.SubFactory(PersonFactory)

    @factory.post_generation
    def with_elements(self, create, extracted, **kwargs):
        for position, element in enumerate(extracted or ()):
            EvaluationElement.objects.create(evaluation=self, element=element, position=position)


class PeriodicBilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodicBilan

    pupil = factory.SubFactory(PupilFactory)
    classroom = factory.SubFactory(ClassroomFactory)
    period = factory.LazyAttribute(lambda o: trimesters(
        school=o.classroom.school, school_year=o.classroom.school_year)[0])
    level = factory.LazyAttribute(lambda o: o.classroom.levels[0])


class CycleBilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleBilan

    pupil = factory.SubFactory(PupilFactory)
    classroom = factory.SubFactory(ClassroomFactory)
    cycle = Cycle.CYCLE_2


__all__ = ["CycleBilanFactory", "Domain", "EvaluationFactory", "PeriodFactory",
           "PeriodicBilanFactory", "national_elements", "trimesters"]
