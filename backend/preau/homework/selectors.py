"""Reads of homework and the cahier de textes; who sees what is ``preau.homework.access``."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Prefetch,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.utils import timezone

from preau.homework.access import (
    children_homework_visible_to,
    children_targets_visible_to,
    homework_targets_visible_to,
    homework_visible_to,
    is_meant_for,
    lessons_visible_to,
    meant_for,
    schools_holding_lessons_back,
)
from preau.homework.models import (
    Attachment,
    Homework,
    HomeworkDone,
    HomeworkStatus,
    LessonEntry,
    SchoolHomeworkSettings,
)
from preau.people.access import Purpose, enrolments_active_on, family_enrolments, viewer_person_id
from preau.people.models import Enrolment
from preau.schools.models import Classroom


def _named_pupils(*, viewer) -> Prefetch:
    return Prefetch("targets", queryset=homework_targets_visible_to(viewer, purpose=Purpose.READ)
                    .select_related("pupil").order_by("pk"))


def _details(qs: QuerySet[Homework]) -> QuerySet[Homework]:
    """Everything a homework shows but the pupils it names (``_named_pupils``)."""
    return qs.select_related("author", "classroom").prefetch_related(
        "levels", Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
    ).annotate(done_count=Count("done_marks", distinct=True))


def _with_details(qs: QuerySet[Homework], *, viewer) -> QuerySet[Homework]:
    return _details(qs).prefetch_related(_named_pupils(viewer=viewer))


def homework_list(*, viewer, classroom: Classroom, start: date, end: date) -> QuerySet[Homework]:
    return _with_details(
        homework_visible_to(viewer, purpose=Purpose.READ).filter(
            classroom=classroom, due_date__range=(start, end)),
        viewer=viewer,
    ).order_by("due_date", "pk")


def homework_detail(*, viewer, homework: Homework) -> Homework:
    """A homework the gate let through, with its levels, the pupils it names that the viewer
    may know, its files and its done count."""
    return _with_details(Homework.objects.filter(pk=homework.pk), viewer=viewer).get()


def homework_for_children(*, viewer, start: date, end: date) -> list[dict]:
    """Each of the viewer's children (or the viewer as a pupil) with their homework.

    Three queries and the prefetches, whatever the children, homework and attachments: the
    family's enrolments; the homework the viewer sees (``homework_visible_to``), with, for
    each child, whether it is meant for that child (the one audience rule, ``meant_for``);
    the done marks. The pupils a homework names are only those the viewer may know
    (``homework_targets_visible_to``).
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
    candidates = list(_details(
        homework_visible_to(viewer, purpose=Purpose.READ)
        .filter(meant_for(Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])),
                due_date__range=(start, end))
        .annotate(**for_child)
    ).order_by("due_date", "pk"))
    prefetch_related_objects(candidates, _named_pupils(viewer=viewer))
    done = set(HomeworkDone.objects.filter(
        homework__in=candidates, pupil_id__in=[e.pupil_id for e in enrolments],
    ).values_list("homework_id", "pupil_id"))
    return [
        {"pupil": enrolment.pupil, "classroom": enrolment.classroom, "level": enrolment.level,
         "items": [{"homework": homework, "done": (homework.pk, enrolment.pupil_id) in done}
                   for homework in candidates if getattr(homework, f"for_child_{enrolment.pk}")]}
        for enrolment in enrolments
    ]


def family_week(*, viewer, start: date, end: date) -> list[dict]:
    """The families' week: each child's homework (``homework_for_children``) and what was
    done in their classroom in [start, end] (the cahier de textes), unless the school holds
    it back (``lessons_shown`` false, no lesson).

    Three queries more than ``homework_for_children``, whatever the children, lessons and
    files: the lessons the viewer reads (``lessons_visible_to``), their files, the schools
    that hold them back."""
    rows = homework_for_children(viewer=viewer, start=start, end=end)
    if not rows:
        return rows
    lessons = list(
        lessons_visible_to(viewer, purpose=Purpose.READ)
        .filter(classroom_id__in={row["classroom"].pk for row in rows},
                date__range=(start, end))
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("date", "pk"))
    held_back = set(schools_holding_lessons_back().filter(
        school_id__in={row["classroom"].school_id for row in rows},
    ).values_list("school_id", flat=True))
    for row in rows:
        row["lessons_shown"] = row["classroom"].school_id not in held_back
        row["lessons"] = [lesson for lesson in lessons
                          if row["lessons_shown"] and lesson.classroom_id == row["classroom"].pk]
    return rows


def homework_to_do(*, viewer, enrolments: list[Enrolment], start: date,
                   end: date) -> dict[int, list[Homework]]:
    """For each of these enrolments' pupils (the viewer's children, already loaded), the
    active homework due in [start, end] meant for them and not done yet, by due date: the
    home page's short list.

    The rows of ``homework_for_children`` (the family arm of the same gate,
    ``children_homework_visible_to``, and the same audience rule, ``is_meant_for`` on the
    prefetched rows for each child) without what the home page does not show (author,
    files, done count; of the pupils a homework names, only whether it names one of the
    children, through the family arm ``children_targets_visible_to``): one query, three
    more when there is homework (levels, named children, done marks), whatever the number
    of children."""
    if not enrolments:
        return {}
    candidates = list(
        children_homework_visible_to(viewer, purpose=Purpose.READ,
                                     enrolment_ids=[e.pk for e in enrolments])
        .filter(due_date__range=(start, end), status=HomeworkStatus.ACTIVE)
        .only("id", "classroom_id", "subject", "instructions", "due_date", "estimated_minutes",
              "to_bring_back", "audience", "status")
        .order_by("due_date", "pk"))
    if not candidates:
        return {enrolment.pupil_id: [] for enrolment in enrolments}
    pupil_ids = [e.pupil_id for e in enrolments]
    prefetch_related_objects(candidates, "levels", Prefetch(
        "targets", queryset=children_targets_visible_to(viewer, purpose=Purpose.READ,
                                                        pupil_ids=pupil_ids)))
    done = set(HomeworkDone.objects.filter(
        homework__in=candidates, pupil_id__in=pupil_ids,
    ).values_list("homework_id", "pupil_id"))
    return {
        enrolment.pupil_id: [homework for homework in candidates
                             if is_meant_for(homework, enrolment)
                             and (homework.pk, enrolment.pupil_id) not in done]
        for enrolment in enrolments
    }


def homework_done_lists(*, viewer, classroom: Classroom, start: date,
                        end: date) -> list[dict]:
    """Who has done each homework of a classroom due in [start, end] — the board of every
    homework of the week in one call, in a fixed number of queries: the homework (with
    its levels and named pupils), the classroom's pupils today, and the ticks.

    Each board is the one ``HomeworkDoneApi`` answers: the pupils it is meant for today
    (``is_meant_for``, the rule of ``pupils_meant_for``), each with their tick."""
    homework_items = list(
        homework_visible_to(viewer, purpose=Purpose.READ)
        .filter(classroom=classroom, due_date__range=(start, end))
        .prefetch_related("levels", _named_pupils(viewer=viewer))
        .order_by("due_date", "pk"))
    if not homework_items:
        return []
    enrolments = list(
        enrolments_active_on(timezone.localdate()).filter(classroom_id=classroom.pk)
        .select_related("pupil").order_by("pupil__last_name", "pupil__first_name", "pk"))
    marks: dict[int, dict[int, HomeworkDone]] = {homework.pk: {} for homework in homework_items}
    for mark in HomeworkDone.objects.filter(homework__in=[h.pk for h in homework_items]):
        marks[mark.homework_id][mark.pupil_id] = mark
    boards = []
    for homework in homework_items:
        ticks, rows, listed = marks[homework.pk], [], set()
        for enrolment in enrolments:
            if enrolment.pupil_id in listed or not is_meant_for(homework, enrolment):
                continue
            listed.add(enrolment.pupil_id)
            mark = ticks.get(enrolment.pupil_id)
            rows.append({"pupil": enrolment.pupil, "done": mark is not None,
                         "marked_at": mark.marked_at if mark is not None else None})
        boards.append({"homework_id": homework.pk, "done_count": len(ticks),
                       "pupil_count": len(rows), "pupils": rows})
    return boards


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


def school_homework_settings_get(*, school) -> SchoolHomeworkSettings:
    """The school's settings, or the defaults (unsaved) when it never changed them."""
    return SchoolHomeworkSettings.objects.filter(school_id=school.pk).first() or (
        SchoolHomeworkSettings(school=school))


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
