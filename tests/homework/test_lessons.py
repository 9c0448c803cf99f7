"""The cahier de textes: the teacher's record, with the homework given in the same form."""

import pytest

from preau.homework.models import Homework, LessonEntry

pytestmark = pytest.mark.django_db


def lessons_url(classroom):
    return f"/api/v1/homework/classrooms/{classroom.pk}/lessons/"


def test_a_lesson_and_its_homework_in_one_form(world, client_for):
    a1 = world.classrooms["A1"]
    response = client_for("teacher").post(lessons_url(a1), {
        "date": "2026-11-24", "subject": "mathematiques", "title": "Les fractions",
        "content": "Partage d'une pizza en **quarts**.",
        "homework": {"instructions": "Exercices 1 à 3", "due_date": "2026-11-27",
                     "estimated_minutes": 15}}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert "<strong>quarts</strong>" in body["content_html"]
    homework = Homework.objects.get()
    assert (homework.lesson_id, homework.subject) == (body["id"], "mathematiques")
    assert body["homework_ids"] == [homework.pk]


def test_a_bad_homework_in_the_form_writes_nothing_and_names_the_nested_field(
    world, client_for
):
    response = client_for("teacher").post(lessons_url(world.classrooms["A1"]), {
        "date": "2026-11-24", "subject": "francais", "title": "Dictée",
        "homework": {"instructions": "Relire", "due_date": "2026-12-25"}}, format="json")
    assert response.status_code == 400
    assert "homework.due_date" in response.json()["error"]["fields"]
    assert LessonEntry.objects.count() == 0


def test_the_director_reads_every_class_families_do_not(world, client_for):
    a1 = world.classrooms["A1"]
    client_for("teacher").post(lessons_url(a1), {"date": "2026-11-24", "subject": "francais",
                                                 "title": "Dictée"}, format="json")
    params = {"start": "2026-11-23", "end": "2026-11-29"}
    assert client_for("director").get(lessons_url(a1), params).json()["count"] == 1
    assert client_for("director").post(lessons_url(a1), {
        "date": "2026-11-24", "subject": "francais", "title": "x"},
        format="json").status_code == 403
    assert client_for("guardian").get(lessons_url(a1), params).status_code == 404


def test_a_future_lesson_is_refused(world, client_for):
    response = client_for("teacher").post(lessons_url(world.classrooms["A1"]), {
        "date": "2026-12-01", "subject": "francais", "title": "Plus tard"}, format="json")
    assert "date" in response.json()["error"]["fields"]


def test_the_workload_sums_minutes_per_due_date(world, client_for):
    a1 = world.classrooms["A1"]
    teacher = client_for("teacher")
    for minutes in (20, 15):
        teacher.post(f"/api/v1/homework/classrooms/{a1.pk}/homework/", {
            "subject": "francais", "instructions": "x", "due_date": "2026-11-27",
            "estimated_minutes": minutes}, format="json")
    workload = teacher.get(f"/api/v1/homework/classrooms/{a1.pk}/workload/",
                           {"start": "2026-11-23", "end": "2026-11-29"}).json()
    assert workload == [{"date": "2026-11-27", "count": 2, "minutes": 35}]
