"""Reads of homework and the cahier de textes; who sees what is ``preau.homework.access``."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, QuerySet, Sum
from django.utils import timezone

from preau.homework.access import homework_visible_to, lessons_visible_to, meant_for
from preau.homework.models import (
    Attachment,
    Homework,
    HomeworkDone,
    HomeworkStatus,
    HomeworkTarget,
    LessonEntry,
)
from preau.people.access import Purpose, family_enrolments, viewer_person_id
from preau.people.models import Enrolment
from preau.schools.models import Classroom


def _with_details(qs: QuerySet[Homework]) -> QuerySet[Homework]:
    targets = Prefetch("targets", queryset=HomeworkTarget.objects.select_related("pupil"))
    return qs.select_related("author", "classroom").prefetch_related(
        "levels", targets, Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
    ).annotate(done_count=Count("done_marks", distinct=True))


def homework_list(*, viewer, classroom: Classroom, start: date, end: date) -> QuerySet[Homework]:
    return _with_details(
        homework_visible_to(viewer, purpose=Purpose.READ).filter(
            classroom=classroom, due_date__range=(start, end))
    ).order_by("due_date", "pk")


def homework_detail(*, homework: Homework) -> Homework:
    """A homework the gate let through, with its levels, pupils, files and done count."""
    return _with_details(Homework.objects.filter(pk=homework.pk)).get()


def homework_for_children(*, viewer, start: date, end: date) -> list[dict]:
    """Each of the viewer's children (or the viewer as a pupil) with their homework.

    Three queries and the prefetches, whatever the children, homework and attachments: the
    family's enrolments; the homework the viewer sees (``homework_visible_to``), with, for
    each child, whether it is meant for that child (the one audience rule, ``meant_for``);
    the done marks.
    """
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return []
    enrolments = list(family_enrolments(person_id=person_id, on=timezone.localdate())
                      .select_related("pupil", "classroom__school")
                      .order_by("pupil__birth_date", "pupil__first_name", "pk"))
    if not enrolments:
        return []
    for_child = {f"for_child_{enrolment.pk}": ExpressionWrapper(
        meant_for(Enrolment.objects.filter(pk=enrolment.pk)), output_field=BooleanField())
        for enrolment in enrolments}
    candidates = list(_with_details(
        homework_visible_to(viewer, purpose=Purpose.READ)
        .filter(meant_for(Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])),
                due_date__range=(start, end))
        .annotate(**for_child)
    ).order_by("due_date", "pk"))
    done = set(HomeworkDone.objects.filter(
        homework__in=candidates, pupil_id__in=[e.pupil_id for e in enrolments],
    ).values_list("homework_id", "pupil_id"))
    return [
        {"pupil": enrolment.pupil, "classroom": enrolment.classroom, "level": enrolment.level,
         "items": [{"homework": homework, "done": (homework.pk, enrolment.pupil_id) in done}
                   for homework in candidates if getattr(homework, f"for_child_{enrolment.pk}")]}
        for enrolment in enrolments
    ]


def done_pupils(*, homework: Homework) -> QuerySet[HomeworkDone]:
    return HomeworkDone.objects.filter(homework=homework).select_related("pupil").order_by(
        "pupil__last_name", "pupil__first_name")


def lesson_list(*, viewer, classroom: Classroom, start: date, end: date) -> QuerySet[LessonEntry]:
    return (
        lessons_visible_to(viewer, purpose=Purpose.REGISTER)
        .filter(classroom=classroom, date__range=(start, end))
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
                          Prefetch("homework", queryset=Homework.objects.order_by("pk")))
        .order_by("date", "pk")
    )


def workload(*, classroom: Classroom, start: date, end: date) -> list[dict]:
    """Per due date: number of active homework and total estimated minutes."""
    rows = (
        Homework.objects.filter(classroom=classroom, due_date__range=(start, end),
                                status=HomeworkStatus.ACTIVE)
        .values("due_date")
        .annotate(count=Count("pk"), minutes=Sum("estimated_minutes"))
        .order_by("due_date")
    )
    return [{"date": row["due_date"], "count": row["count"], "minutes": row["minutes"]}
            for row in rows]
