"""Reads of schools and classrooms, always starting from the viewer's visibility (the
``schools`` API; it stands here because that visibility is people's: who works, studies or
has a child where)."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from preau.people.access import (
    Purpose,
    classrooms_visible_to,
    classrooms_with_full_figures_q,
    enrolments_active_on,
    schools_visible_to,
)
from preau.people.models import StaffAssignment, StaffRole
from preau.people.selectors import SMALL_COUNT
from preau.schools.models import Classroom, School


def school_list(*, viewer, filters: dict | None = None) -> QuerySet[School]:
    filters = filters or {}
    qs = schools_visible_to(viewer, purpose=Purpose.READ).select_related("commune", "circonscription")
    if filters.get("commune"):
        qs = qs.filter(commune__insee_code=filters["commune"])
    if filters.get("circonscription"):
        qs = qs.filter(circonscription__code=filters["circonscription"])
    if filters.get("search"):
        term = filters["search"]
        qs = qs.filter(Q(name__icontains=term) | Q(uai__iexact=term) | Q(commune__name__icontains=term))
    return qs.order_by("name", "pk")


def _with_classroom_details(qs: QuerySet[Classroom], *, viewer,
                            on: date) -> QuerySet[Classroom]:
    """Teachers and today's pupil count; for a commune, a count under ``SMALL_COUNT`` is
    ``None`` with ``pupil_count_suppressed`` (as on the authority views)."""
    pupil_count = (
        enrolments_active_on(on)
        .filter(classroom_id=OuterRef("pk"))
        .values("classroom_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    full = classrooms_with_full_figures_q(viewer=viewer, on=on)
    return qs.select_related("school", "school_year").annotate(
        enrolled=Coalesce(Subquery(pupil_count), 0),
        pupil_count_suppressed=ExpressionWrapper(
            ~full & Q(enrolled__lt=SMALL_COUNT), output_field=BooleanField()),
        pupil_count=Case(When(pupil_count_suppressed=True, then=Value(None)),
                         default="enrolled", output_field=IntegerField()),
    ).prefetch_related(
        Prefetch(
            "assignments",
            queryset=StaffAssignment.objects.filter(role=StaffRole.TEACHER)
            .select_related("person")
            .order_by("person__last_name", "person__first_name"),
            to_attr="teacher_assignments",
        )
    )


def classroom_list(*, viewer, filters: dict | None = None) -> QuerySet[Classroom]:
    filters = filters or {}
    on = timezone.localdate()
    qs = classrooms_visible_to(viewer, purpose=Purpose.READ, on=on)
    if filters.get("school"):
        qs = qs.filter(school_id=filters["school"])
    if filters.get("school_year"):
        qs = qs.filter(school_year__label=filters["school_year"])
    return _with_classroom_details(qs, viewer=viewer, on=on).order_by("school__name", "name",
                                                                      "pk")


def classroom_detail(*, viewer, classroom: Classroom) -> Classroom:
    """A classroom the gate let through, with its teachers and today's pupil count."""
    on = timezone.localdate()
    qs = Classroom.objects.filter(pk=classroom.pk)
    return _with_classroom_details(qs, viewer=viewer, on=on).get()


def school_staff(*, school: School) -> QuerySet[StaffAssignment]:
    today = timezone.localdate()
    return (
        StaffAssignment.objects.filter(school=school, school_year__start_date__lte=today,
                                       school_year__end_date__gte=today)
        .select_related("person", "classroom")
        .order_by("person__last_name", "person__first_name", "role", "pk")
    )
