"""Reads of homework and the cahier de textes, scoped to the viewer in SQL.

Families see the homework meant for their child (the whole classroom, the child's level,
or the child by name); teachers and the director see their classrooms'. Commune
officers, IEN and DASEN see nothing here (their recap comes through the authority app).
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.utils import timezone

from preau.common.errors import NotFoundError
from preau.homework.models import (
    Attachment,
    Audience,
    Homework,
    HomeworkDone,
    HomeworkLevel,
    HomeworkStatus,
    HomeworkTarget,
    LessonEntry,
)
from preau.people.models import Enrolment, Person, StaffAssignment, StaffRole
from preau.people.selectors import enrolments_active_on, family_enrolments, family_pupil_ids
from preau.schools.models import Classroom


def staff_classrooms(*, person_id: int | None) -> QuerySet[Classroom]:
    """Classrooms the person teaches, or whose school the person directs that year."""
    if person_id is None:
        return Classroom.objects.none()
    directs = StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.DIRECTOR,
        school_id=OuterRef("school_id"), school_year_id=OuterRef("school_year_id"),
    )
    teaches = StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.TEACHER).values("classroom_id")
    return Classroom.objects.filter(Q(pk__in=teaches) | Exists(directs))


def taught_classrooms(*, person_id: int | None) -> QuerySet[Classroom]:
    if person_id is None:
        return Classroom.objects.none()
    return Classroom.objects.filter(
        pk__in=StaffAssignment.objects.filter(
            person_id=person_id, role=StaffRole.TEACHER).values("classroom_id"))


def meant_for(enrolments: QuerySet[Enrolment]) -> Q:
    """Homework whose audience includes the pupil of one of these enrolments."""
    same_classroom = enrolments.filter(classroom_id=OuterRef("classroom_id"))
    return (
        (Q(audience=Audience.CLASSROOM) & Exists(same_classroom))
        | (Q(audience=Audience.LEVELS) & Exists(same_classroom.filter(
            level__in=HomeworkLevel.objects.filter(
                homework_id=OuterRef(OuterRef("pk"))).values("level"))))
        | (Q(audience=Audience.PUPILS) & Exists(HomeworkTarget.objects.filter(
            homework_id=OuterRef("pk"),
            pupil_id__in=enrolments.values("pupil_id"))))
    )


def homework_visible_to(*, viewer, on: date | None = None) -> QuerySet[Homework]:
    person_id = getattr(viewer, "person_id", None)
    if not viewer.is_authenticated or person_id is None:
        return Homework.objects.none()
    on = on or timezone.localdate()
    return Homework.objects.filter(
        Q(classroom_id__in=staff_classrooms(person_id=person_id).values("pk"))
        | meant_for(family_enrolments(person_id=person_id, on=on))
    )


def homework_targets_visible_to(*, viewer) -> QuerySet[HomeworkTarget]:
    """The pupils a homework names, as far as the viewer may know them: every one for the
    classroom's teachers and director; for a family, only its own children (or the pupil
    themself) — never the classmates the homework also names."""
    person_id = getattr(viewer, "person_id", None)
    if not viewer.is_authenticated or person_id is None:
        return HomeworkTarget.objects.none()
    return HomeworkTarget.objects.filter(
        Q(homework__classroom_id__in=staff_classrooms(person_id=person_id).values("pk"))
        | Q(pupil_id__in=family_pupil_ids(person_id=person_id)))


def _named_pupils(*, viewer) -> Prefetch:
    return Prefetch("targets", queryset=homework_targets_visible_to(viewer=viewer)
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
        homework_visible_to(viewer=viewer).filter(classroom=classroom,
                                                  due_date__range=(start, end)),
        viewer=viewer,
    ).order_by("due_date", "pk")


def homework_get_for(*, viewer, homework_id: int) -> Homework:
    homework = _with_details(homework_visible_to(viewer=viewer).filter(pk=homework_id),
                             viewer=viewer).first()
    if homework is None:
        raise NotFoundError("Devoir introuvable.")
    return homework


def homework_for_children(*, viewer, start: date, end: date) -> list[dict]:
    """Each of the viewer's children (or the viewer as a pupil) with their homework.

    A fixed number of queries whatever the children, homework and attachments.
    """
    if viewer.person_id is None:
        return []
    enrolments = list(
        family_enrolments(person_id=viewer.person_id, on=timezone.localdate())
        .select_related("pupil", "classroom__school")
        .order_by("pupil__birth_date", "pupil__first_name", "pk"))
    if not enrolments:
        return []
    candidates = list(_details(Homework.objects.filter(
        classroom_id__in=sorted({e.classroom_id for e in enrolments}),
        due_date__range=(start, end))).order_by("due_date", "pk"))
    prefetch_related_objects(candidates, _named_pupils(viewer=viewer))
    done = set(HomeworkDone.objects.filter(
        homework__in=candidates, pupil_id__in=[e.pupil_id for e in enrolments],
    ).values_list("homework_id", "pupil_id"))
    result = []
    for enrolment in enrolments:
        items = [
            {"homework": homework, "done": (homework.pk, enrolment.pupil_id) in done}
            for homework in candidates if is_meant_for(homework, enrolment)
        ]
        result.append({"pupil": enrolment.pupil, "classroom": enrolment.classroom,
                       "level": enrolment.level, "items": items})
    return result


def is_meant_for(homework: Homework, enrolment: Enrolment) -> bool:
    """The same rule as ``meant_for``, on prefetched rows (the named pupils the viewer may
    see: the enrolment's pupil among them when the homework names it)."""
    if homework.classroom_id != enrolment.classroom_id:
        return False
    if homework.audience == Audience.CLASSROOM:
        return True
    if homework.audience == Audience.LEVELS:
        return enrolment.level in {row.level for row in homework.levels.all()}
    return enrolment.pupil_id in {row.pupil_id for row in homework.targets.all()}


def pupils_meant_for(*, homework: Homework) -> QuerySet[Person]:
    """Pupils enrolled today in the homework's classroom that it is meant for."""
    enrolments = enrolments_active_on(timezone.localdate()).filter(classroom_id=homework.classroom_id)
    if homework.audience == Audience.LEVELS:
        enrolments = enrolments.filter(level__in=homework.levels.values("level"))
    elif homework.audience == Audience.PUPILS:
        # Every pupil named, whoever read the homework (its prefetched targets are the viewer's).
        enrolments = enrolments.filter(pupil_id__in=HomeworkTarget.objects.filter(
            homework_id=homework.pk).values("pupil_id"))
    return Person.objects.filter(pk__in=enrolments.values("pupil_id"))


def homework_done_lists(*, viewer, classroom: Classroom, start: date,
                        end: date) -> list[dict]:
    """Who has done each homework of a classroom due in [start, end] — the board of every
    homework of the week in one call, in a fixed number of queries: the homework (with
    its levels and named pupils), the classroom's pupils today, and the ticks.

    Each board is the one ``HomeworkDoneApi`` answers: the pupils it is meant for today
    (``is_meant_for``, the rule of ``pupils_meant_for``), each with their tick."""
    homework_items = list(
        homework_visible_to(viewer=viewer)
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


def attachment_get_for(*, viewer, attachment_id: int) -> Attachment:
    attachment = (
        Attachment.objects.filter(pk=attachment_id)
        .filter(Q(homework__in=homework_visible_to(viewer=viewer))
                | Q(lesson__in=lessons_visible_to(viewer=viewer)))
        .first()
    )
    if attachment is None:
        raise NotFoundError("Pièce jointe introuvable.")
    return attachment


# --- Cahier de textes ------------------------------------------------------------------------


def lessons_visible_to(*, viewer) -> QuerySet[LessonEntry]:
    """The cahier de textes is the teachers' record: their classrooms', and the director's."""
    person_id = getattr(viewer, "person_id", None)
    if not viewer.is_authenticated or person_id is None:
        return LessonEntry.objects.none()
    return LessonEntry.objects.filter(
        classroom_id__in=staff_classrooms(person_id=person_id).values("pk"))


def lesson_list(*, viewer, classroom: Classroom, start: date, end: date) -> QuerySet[LessonEntry]:
    return (
        lessons_visible_to(viewer=viewer)
        .filter(classroom=classroom, date__range=(start, end))
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
                          Prefetch("homework", queryset=Homework.objects.order_by("pk")))
        .order_by("date", "pk")
    )


def lesson_get_for(*, viewer, lesson_id: int) -> LessonEntry:
    lesson = (lessons_visible_to(viewer=viewer).filter(pk=lesson_id)
              .select_related("classroom__school", "author").first())
    if lesson is None:
        raise NotFoundError("Séance introuvable.")
    return lesson


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
