"""Writes: the cahier de textes, homework, done flags and attachments."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.common.files import validate_upload
from preau.homework import events
from preau.homework.access import pupils_meant_for
from preau.homework.models import (
    Attachment,
    Audience,
    Homework,
    HomeworkDone,
    HomeworkLevel,
    HomeworkStatus,
    HomeworkTarget,
    LessonEntry,
    SchoolHomeworkSettings,
)
from preau.homework.permissions import (
    can_edit_homework,
    can_edit_school_homework_settings,
    can_mark_done,
    can_write_for_classroom,
)
from preau.people.selectors import enrolments_active_on
from preau.schools.calendar import refuse_unless_calendar_known, school_days
from preau.schools.models import Classroom, School
from preau.timetable.models import TimetableSlot

MAX_ATTACHMENTS = 5
NOT_YOURS = "Seuls les enseignant·es de la classe écrivent dans son cahier de textes."


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})


def _check_due_date(classroom: Classroom, due_date: date) -> None:
    if due_date < timezone.localdate():
        raise _refuse("La date de rendu est passée.", "due_date")
    year = classroom.school_year
    if not (year.start_date <= due_date <= year.end_date):
        raise _refuse(f"Le {due_date:%d/%m/%Y} n'est pas dans l'année scolaire {year.label} de "
                      "la classe.", "due_date")
    (day,) = school_days(school=classroom.school, start=due_date, end=due_date)
    refuse_unless_calendar_known(school=classroom.school, days=[day], field="due_date")
    if not day.is_school_day:
        raise _refuse(
            f"Le {due_date:%d/%m/%Y} n'est pas un jour de classe ({day.off.label}).", "due_date")


def _set_audience(homework: Homework, audience: str, levels: list[str] | None,
                  pupil_ids: list[int] | None) -> None:
    HomeworkLevel.objects.filter(homework=homework).delete()
    HomeworkTarget.objects.filter(homework=homework).delete()
    if audience == Audience.LEVELS:
        levels = sorted(set(levels or []))
        unknown = [level for level in levels if level not in homework.classroom.levels]
        if not levels or unknown:
            raise _refuse("Choisissez des niveaux de la classe "
                          f"({', '.join(homework.classroom.levels)}).", "levels")
        HomeworkLevel.objects.bulk_create(HomeworkLevel(homework=homework, level=level)
                                          for level in levels)
    elif audience == Audience.PUPILS:
        wanted = set(pupil_ids or [])
        enrolled = set(enrolments_active_on(timezone.localdate()).filter(
            classroom=homework.classroom, pupil_id__in=wanted).values_list("pupil_id", flat=True))
        if not wanted or wanted - enrolled:
            raise _refuse("Choisissez des élèves inscrits dans la classe.", "pupils")
        HomeworkTarget.objects.bulk_create(HomeworkTarget(homework=homework, pupil_id=pupil_id)
                                           for pupil_id in sorted(wanted))


@transaction.atomic
def homework_create(*, actor, classroom: Classroom, subject: str, instructions: str,
                    due_date: date, estimated_minutes: int = 15, to_bring_back: str = "",
                    audience: str = Audience.CLASSROOM, levels: list[str] | None = None,
                    pupils: list[int] | None = None,
                    lesson: LessonEntry | None = None) -> Homework:
    if not can_write_for_classroom(actor=actor, classroom=classroom):
        raise PermissionDeniedError(NOT_YOURS)
    _check_due_date(classroom, due_date)
    homework = Homework.objects.create(
        classroom=classroom, subject=subject, instructions=instructions, due_date=due_date,
        estimated_minutes=estimated_minutes, to_bring_back=to_bring_back, audience=audience,
        lesson=lesson, author=actor.person,
    )
    _set_audience(homework, audience, levels, pupils)
    events.homework_changed(homework=homework, change="created")
    return homework


HOMEWORK_FIELDS = {"subject", "instructions", "due_date", "estimated_minutes", "to_bring_back"}


@transaction.atomic
def homework_update(*, actor, homework: Homework, audience: str | None = None,
                    levels: list[str] | None = None, pupils: list[int] | None = None,
                    **changes) -> Homework:
    if not can_edit_homework(actor=actor, homework=homework):
        raise PermissionDeniedError(NOT_YOURS)
    unknown = set(changes) - HOMEWORK_FIELDS
    if unknown:
        raise _refuse("Champ non modifiable.", sorted(unknown)[0])
    homework = Homework.objects.select_for_update().select_related("classroom__school").get(
        pk=homework.pk)
    if homework.status == HomeworkStatus.WITHDRAWN:
        raise _refuse("Ce devoir a été retiré.", "status")
    if "due_date" in changes:
        _check_due_date(homework.classroom, changes["due_date"])
    before = set(pupils_meant_for(homework=homework).values_list("pk", flat=True))
    for name, value in changes.items():
        setattr(homework, name, value)
    if audience is not None:
        homework.audience = audience
        changes["audience"] = audience
        _set_audience(homework, audience, levels, pupils)
    homework.save(update_fields=[*changes, "updated_at"])
    # pupils no longer concerned hear of it too
    events.homework_changed(homework=homework, change="updated", also_pupil_ids=before)
    return homework


@transaction.atomic
def homework_withdraw(*, actor, homework: Homework) -> Homework:
    """Withdraw, not delete: families who saw it see it is no longer due."""
    if not can_edit_homework(actor=actor, homework=homework):
        raise PermissionDeniedError(NOT_YOURS)
    updated = Homework.objects.filter(pk=homework.pk, status=HomeworkStatus.ACTIVE).update(
        status=HomeworkStatus.WITHDRAWN, withdrawn_at=timezone.now(), updated_at=timezone.now())
    homework.refresh_from_db()
    if updated:
        events.homework_changed(homework=homework, change="withdrawn")
    return homework


def _check_pupil_concerned(homework: Homework, pupil_id: int) -> None:
    if not pupils_meant_for(homework=homework).filter(pk=pupil_id).exists():
        raise _refuse("Ce devoir ne concerne pas cet·te élève.", "pupil")


@transaction.atomic
def homework_mark_done(*, actor, homework: Homework, pupil_id: int, done: bool) -> int:
    """Set or clear the pupil's done flag; returns how many pupils have marked it done."""
    if not can_mark_done(actor=actor, pupil_id=pupil_id):
        raise PermissionDeniedError(
            "Vous ne pouvez cocher que vos devoirs ou ceux de vos enfants.")
    _check_pupil_concerned(homework, pupil_id)
    if done:
        try:
            with transaction.atomic():
                HomeworkDone.objects.get_or_create(homework=homework, pupil_id=pupil_id,
                                                   defaults={"marked_by": actor})
        except IntegrityError:
            pass  # a second device ticked it at the same moment: it is done
    else:
        HomeworkDone.objects.filter(homework=homework, pupil_id=pupil_id).delete()
    count = HomeworkDone.objects.filter(homework=homework).count()
    events.homework_done(homework=homework, pupil_id=pupil_id, done=done, done_count=count)
    return count


@transaction.atomic
def attachment_add(*, actor, upload, homework: Homework | None = None,
                   lesson: LessonEntry | None = None) -> Attachment:
    classroom = homework.classroom if homework else lesson.classroom
    if not can_write_for_classroom(actor=actor, classroom=classroom):
        raise PermissionDeniedError(NOT_YOURS)
    owner = {"homework": homework} if homework else {"lesson": lesson}
    if Attachment.objects.filter(**owner).count() >= MAX_ATTACHMENTS:
        raise _refuse(f"Au plus {MAX_ATTACHMENTS} pièces jointes.", "file")
    kind = validate_upload(upload, field="file")
    attachment = Attachment(uploaded_by=actor, **owner)
    attachment.fill_from(upload, kind)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # no orphan file if the row is not written
        raise
    if homework:
        events.homework_changed(homework=homework, change="updated")
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    classroom = (attachment.homework or attachment.lesson).classroom
    if not can_write_for_classroom(actor=actor, classroom=classroom):
        raise PermissionDeniedError(NOT_YOURS)
    stored = attachment.file.name
    storage = attachment.file.storage
    homework = attachment.homework
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    if homework:
        events.homework_changed(homework=homework, change="updated")


# --- Cahier de textes ------------------------------------------------------------------------


@transaction.atomic
def lesson_create(*, actor, classroom: Classroom, date: date, subject: str, title: str,
                  content: str = "", slot: TimetableSlot | None = None,
                  homework: dict | None = None) -> LessonEntry:
    """A page of the cahier de textes, with the homework it gives in the same form."""
    if not can_write_for_classroom(actor=actor, classroom=classroom):
        raise PermissionDeniedError(NOT_YOURS)
    if date > timezone.localdate():
        raise _refuse("On écrit le cahier de textes le jour même ou après.", "date")
    if slot is not None and slot.classroom_id != classroom.pk:
        raise _refuse("Ce créneau n'est pas de la classe.", "slot")
    lesson = LessonEntry.objects.create(classroom=classroom, date=date, subject=subject,
                                        title=title, content=content, slot=slot,
                                        author=actor.person)
    if homework:
        try:
            homework_create(actor=actor, classroom=classroom, lesson=lesson,
                            **{"subject": subject, **homework})
        except ApplicationError as error:
            error.fields = {f"homework.{name}": messages
                            for name, messages in error.fields.items()}
            raise
    return lesson


LESSON_FIELDS = {"date", "subject", "title", "content"}


@transaction.atomic
def lesson_update(*, actor, lesson: LessonEntry, **changes) -> LessonEntry:
    if not can_write_for_classroom(actor=actor, classroom=lesson.classroom):
        raise PermissionDeniedError(NOT_YOURS)
    unknown = set(changes) - LESSON_FIELDS
    if unknown:
        raise _refuse("Champ non modifiable.", sorted(unknown)[0])
    if "date" in changes and changes["date"] > timezone.localdate():
        raise _refuse("On écrit le cahier de textes le jour même ou après.", "date")
    for name, value in changes.items():
        setattr(lesson, name, value)
    lesson.save(update_fields=[*changes, "updated_at"])
    return lesson


@transaction.atomic
def lesson_delete(*, actor, lesson: LessonEntry) -> None:
    if not can_write_for_classroom(actor=actor, classroom=lesson.classroom):
        raise PermissionDeniedError(NOT_YOURS)
    names = [(a.file.storage, a.file.name) for a in lesson.attachments.all()]
    lesson.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


@transaction.atomic
def school_homework_settings_update(*, actor, school: School,
                                    families_see_lessons: bool) -> SchoolHomeworkSettings:
    """The director shows the cahier de textes to families and pupils, or holds it back."""
    if not can_edit_school_homework_settings(actor=actor, school=school):
        raise PermissionDeniedError("Seule la direction de l'école modifie ces réglages.")
    settings_row, _ = SchoolHomeworkSettings.objects.update_or_create(
        school=school,
        defaults={"families_see_lessons": families_see_lessons, "updated_by": actor},
    )
    return settings_row
