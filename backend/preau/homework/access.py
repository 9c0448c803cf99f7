"""Access to homework, the cahier de textes and their attachments.

Families see the homework meant for their child (the whole classroom, the child's level,
or the child by name), and what was done in their child's classroom up to today (its cahier
de textes), unless the school holds it back; who teaches or directs a classroom sees all of
its homework and its cahier de textes. Commune officers, IEN and DASEN see nothing here
(their recap comes through the authority app). Gates raise the same 404 for "missing" and
"not yours".
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from preau.common.errors import NotFoundError
from preau.homework.models import (
    Attachment,
    Audience,
    Homework,
    HomeworkLevel,
    HomeworkTarget,
    LessonEntry,
    SchoolHomeworkSettings,
)
from preau.people.access import (
    Purpose,
    children_ids,
    classrooms_visible_to,
    enrolments_active_on,
    family_enrolments,
    family_pupil_ids,
    viewer_person_id,
)
from preau.people.models import Enrolment, Person


def meant_for(enrolments: QuerySet[Enrolment]) -> Q:
    """The families' audience rule, on ``Homework``: homework whose audience includes the
    pupil of one of these enrolments (its whole classroom, its level, or the pupil by
    name)."""
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


def pupils_meant_for(*, homework: Homework) -> QuerySet[Person]:
    """The same rule seen from one homework: the pupils enrolled today in its classroom
    that it is meant for."""
    enrolments = enrolments_active_on(timezone.localdate()).filter(
        classroom_id=homework.classroom_id)
    if homework.audience == Audience.LEVELS:
        enrolments = enrolments.filter(level__in=homework.levels.values("level"))
    elif homework.audience == Audience.PUPILS:
        # Every pupil named, whoever read the homework (its prefetched targets are the viewer's).
        enrolments = enrolments.filter(pupil_id__in=HomeworkTarget.objects.filter(
            homework_id=homework.pk).values("pupil_id"))
    return Person.objects.filter(pk__in=enrolments.values("pupil_id"))


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


def homework_visible_to(viewer, *, purpose: Purpose, on: date | None = None,
                        ) -> QuerySet[Homework]:
    """READ: all the homework of the classrooms one teaches or directs, and the homework
    meant for oneself (as a pupil) or one's children, enrolled on ``on`` (today)."""
    if purpose != Purpose.READ:
        raise ValueError(f"No homework access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return Homework.objects.none()
    return Homework.objects.filter(
        Q(classroom_id__in=classrooms_visible_to(viewer, purpose=Purpose.REGISTER).values("pk"))
        | meant_for(family_enrolments(person_id=person_id, on=on or timezone.localdate()))
    )


def children_homework_visible_to(viewer, *, purpose: Purpose, enrolment_ids: list[int],
                                 on: date | None = None) -> QuerySet[Homework]:
    """READ, the family arm of ``homework_visible_to`` for a page that shows only the
    homework of one's children (the family home page): the homework of the classrooms of
    those of ``enrolment_ids`` that are one's children's on ``on`` (today). The caller keeps
    the rows ``is_meant_for`` one of those enrolments, which is that arm exactly.

    One subquery instead of the whole rule: compiling the rule's every arm for each load
    cost most of the home page's CPU (docs/benchmarks.md, scenario 8)."""
    if purpose != Purpose.READ:
        raise ValueError(f"No homework access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None or not enrolment_ids:
        return Homework.objects.none()
    return Homework.objects.filter(classroom_id__in=enrolments_active_on(
        on or timezone.localdate(),
    ).filter(pk__in=enrolment_ids, pupil_id__in=children_ids(person_id=person_id))
        .values("classroom_id"))


def homework_get_for(viewer, homework_id: int, *, purpose: Purpose) -> Homework:
    homework = homework_visible_to(viewer, purpose=purpose).filter(pk=homework_id).first()
    if homework is None:
        raise NotFoundError("Devoir introuvable.")
    return homework


def homework_targets_visible_to(viewer, *, purpose: Purpose) -> QuerySet[HomeworkTarget]:
    """READ: the pupils a homework names, as far as the viewer may know them: every one for
    the classroom's teachers and director; for a family, only its own children (or the
    pupil themself) — never the classmates the homework also names."""
    if purpose != Purpose.READ:
        raise ValueError(f"No homework target access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return HomeworkTarget.objects.none()
    return HomeworkTarget.objects.filter(
        Q(homework__classroom_id__in=classrooms_visible_to(
            viewer, purpose=Purpose.REGISTER).values("pk"))
        | Q(pupil_id__in=family_pupil_ids(person_id=person_id)))


def children_targets_visible_to(viewer, *, purpose: Purpose, pupil_ids: list[int],
                                ) -> QuerySet[HomeworkTarget]:
    """READ, the family arm of ``homework_targets_visible_to`` for a page that shows only
    one's children's homework (the family home page): the rows naming those of
    ``pupil_ids`` who are one's children (or oneself, as a pupil). Only the ids: whether a
    homework names a child, not who else it names."""
    if purpose != Purpose.READ:
        raise ValueError(f"No homework target access for {purpose!r}.")
    person_id = viewer_person_id(viewer)
    if person_id is None or not pupil_ids:
        return HomeworkTarget.objects.none()
    return (HomeworkTarget.objects
            .filter(pupil_id__in=pupil_ids)
            .filter(pupil_id__in=family_pupil_ids(person_id=person_id))
            .only("id", "homework_id", "pupil_id"))


def schools_holding_lessons_back() -> QuerySet[SchoolHomeworkSettings]:
    """The schools whose director keeps the cahier de textes from families (the default,
    with no row, is to show it)."""
    return SchoolHomeworkSettings.objects.filter(families_see_lessons=False)


def lessons_visible_to(viewer, *, purpose: Purpose) -> QuerySet[LessonEntry]:
    """REGISTER: the cahier de textes is the teachers' record: their classrooms', and the
    director's. READ: that, and for a family (a guardian, or the pupil) the entries of the
    classrooms its children are enrolled in today, dated up to today, in a school that does
    not hold them back (``schools_holding_lessons_back``)."""
    if purpose not in (Purpose.REGISTER, Purpose.READ):
        raise ValueError(f"No lesson access for {purpose!r}.")
    register = Q(classroom_id__in=classrooms_visible_to(
        viewer, purpose=Purpose.REGISTER).values("pk"))
    if purpose == Purpose.REGISTER:
        return LessonEntry.objects.filter(register)
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return LessonEntry.objects.none()
    today = timezone.localdate()
    family = (
        Q(classroom_id__in=family_enrolments(person_id=person_id, on=today).values("classroom_id"),
          date__lte=today)
        & ~Q(classroom__school_id__in=schools_holding_lessons_back().values("school_id"))
    )
    return LessonEntry.objects.filter(register | family)


def lesson_get_for(viewer, lesson_id: int, *, purpose: Purpose) -> LessonEntry:
    lesson = (lessons_visible_to(viewer, purpose=purpose).filter(pk=lesson_id)
              .select_related("classroom__school", "author").first())
    if lesson is None:
        raise NotFoundError("Séance introuvable.")
    return lesson


def attachments_visible_to(viewer, *, purpose: Purpose) -> QuerySet[Attachment]:
    """READ: the files of the homework one sees, and of the lessons of the cahier de textes
    one reads."""
    if purpose != Purpose.READ:
        raise ValueError(f"No attachment access for {purpose!r}.")
    return Attachment.objects.filter(
        Q(homework__in=homework_visible_to(viewer, purpose=Purpose.READ))
        | Q(lesson__in=lessons_visible_to(viewer, purpose=Purpose.READ)))


def attachment_get_for(viewer, attachment_id: int, *, purpose: Purpose) -> Attachment:
    attachment = attachments_visible_to(viewer, purpose=purpose).filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFoundError("Pièce jointe introuvable.")
    return attachment
