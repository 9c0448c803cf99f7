"""Role-matrix rows of homework and the cahier de textes."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from preau.homework.models import Attachment, Homework, LessonEntry
from tests.matrix import Row
from tests.world import World

CLASSROOMS = {"own": "A1", "same_school": "A2", "other_school": "B1", "other_departement": "C1"}
FAMILY_AND_STAFF = {
    "pupil": {"A1"}, "guardian": {"A1"}, "guardian_other": {"A2"},
    "teacher": {"A1"}, "teacher_other": {"A2"},
    "director": {"A1", "A2"}, "director_other": {"B1"},
}
STAFF = {"teacher": {"A1"}, "teacher_other": {"A2"}, "director": {"A1", "A2"},
         "director_other": {"B1"}}
TEACHERS = {"teacher": {"A1"}, "teacher_other": {"A2"}}
SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}
SCHOOL_STAFF = {"teacher": {"A"}, "teacher_other": {"A"}, "director": {"A"},
                "director_other": {"B"}}
FRIDAY = date(2026, 11, 27)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def with_homework(world: World) -> None:
    if "homework" in world.extra:
        return
    world.extra["homework"], world.extra["lessons"], world.extra["homework_attachments"] = {}, {}, {}
    for key, classroom in world.classrooms.items():
        author = classroom.assignments.first().person
        homework = Homework.objects.create(classroom=classroom, subject="francais",
                                           instructions="Lire la page 12", due_date=FRIDAY,
                                           author=author)
        lesson = LessonEntry.objects.create(classroom=classroom, date=date(2026, 11, 24),
                                            subject="francais", title="La phrase",
                                            author=author)
        attachment = Attachment(homework=homework)
        attachment.original_name, attachment.content_type, attachment.size = (
            "consigne.pdf", "application/pdf", len(PDF))
        attachment.file.save("consigne.pdf", SimpleUploadedFile("consigne.pdf", PDF),
                             save=False)
        attachment.save()
        world.extra["homework"][key] = homework
        world.extra["lessons"][key] = lesson
        world.extra["homework_attachments"][key] = attachment


def _classroom(world, key):
    return world.classrooms[key]


def _homework(world, key):
    return world.extra["homework"][key]


def _done_body(world: World, key: str | None) -> dict:
    return {"pupil": world.pupils[key].pk, "done": True}


def _upload_body(world: World, key: str | None) -> dict:
    return {"file": SimpleUploadedFile("fiche.pdf", PDF, content_type="application/pdf")}


HOMEWORK_BODY = {"subject": "mathematiques", "instructions": "Exercices 3 et 4 p. 45",
                 "due_date": "2026-11-27", "estimated_minutes": 20}

ROWS: list[Row] = [
    Row("homework:children", kind="self", prepare=with_homework),
    Row("homework:classroom-homework", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, prepare=with_homework),
    Row("homework:classroom-homework", method="POST", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, writers=TEACHERS, ok_status=201,
        body=HOMEWORK_BODY),
    Row("homework:homework-detail", kwarg="homework_id", resolve=_homework, targets=CLASSROOMS,
        seen=FAMILY_AND_STAFF, prepare=with_homework),
    Row("homework:homework-detail", method="PATCH", kwarg="homework_id", resolve=_homework,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, writers=TEACHERS,
        body={"estimated_minutes": 30}, prepare=with_homework),
    Row("homework:homework-withdraw", method="POST", kwarg="homework_id", resolve=_homework,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, writers=TEACHERS, prepare=with_homework),
    Row("homework:homework-done", kwarg="homework_id", resolve=_homework, targets=CLASSROOMS,
        seen=STAFF, prepare=with_homework),
    Row("homework:classroom-homework-done", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=STAFF, prepare=with_homework),
    Row("homework:homework-done", method="PUT", kwarg="homework_id", resolve=_homework,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF,
        writers={"pupil": {"A1"}, "guardian": {"A1"}, "guardian_other": {"A2"}},
        body=_done_body,
        prepare=with_homework),
    Row("homework:homework-attachments", method="POST", kwarg="homework_id", resolve=_homework,
        targets=CLASSROOMS, seen=FAMILY_AND_STAFF, writers=TEACHERS, ok_status=201,
        body=_upload_body, prepare=with_homework, multipart=True),
    Row("homework:lesson-attachments", method="POST", kwarg="lesson_id",
        resolve=lambda w, k: w.extra["lessons"][k], targets=CLASSROOMS, seen=STAFF,
        writers=TEACHERS, ok_status=201, body=_upload_body, prepare=with_homework,
        multipart=True),
    Row("homework:attachment-detail", kwarg="attachment_id",
        resolve=lambda w, k: w.extra["homework_attachments"][k], targets=CLASSROOMS,
        seen=FAMILY_AND_STAFF, prepare=with_homework),
    Row("homework:attachment-detail", method="DELETE", kwarg="attachment_id",
        resolve=lambda w, k: w.extra["homework_attachments"][k], targets=CLASSROOMS,
        seen=FAMILY_AND_STAFF, writers=TEACHERS, ok_status=204, prepare=with_homework),
    Row("homework:lesson-list", kwarg="classroom_id", resolve=_classroom, targets=CLASSROOMS,
        seen=STAFF, prepare=with_homework),
    Row("homework:lesson-list", method="POST", kwarg="classroom_id", resolve=_classroom,
        targets=CLASSROOMS, seen=STAFF, writers=TEACHERS, ok_status=201,
        body={"date": "2026-11-24", "subject": "francais", "title": "Le verbe"}),
    Row("homework:lesson-detail", kwarg="lesson_id", resolve=lambda w, k: w.extra["lessons"][k],
        targets=CLASSROOMS, seen=STAFF, prepare=with_homework),
    Row("homework:lesson-detail", method="PATCH", kwarg="lesson_id",
        resolve=lambda w, k: w.extra["lessons"][k], targets=CLASSROOMS, seen=STAFF,
        writers=TEACHERS, body={"title": "Le verbe être"}, prepare=with_homework),
    Row("homework:lesson-detail", method="DELETE", kwarg="lesson_id",
        resolve=lambda w, k: w.extra["lessons"][k], targets=CLASSROOMS, seen=STAFF,
        writers=TEACHERS, ok_status=204, prepare=with_homework),
    Row("homework:workload", kwarg="classroom_id", resolve=_classroom, targets=CLASSROOMS,
        seen=STAFF, prepare=with_homework),
    Row("homework:school-settings", kwarg="school_id", resolve=lambda w, k: w.schools[k],
        targets=SCHOOLS, seen=SCHOOL_STAFF),
    Row("homework:school-settings", method="PUT", kwarg="school_id",
        resolve=lambda w, k: w.schools[k], targets=SCHOOLS, seen=SCHOOL_STAFF,
        writers={"director": {"A"}, "director_other": {"B"}},
        body={"families_see_lessons": False}),
]
