"""Who has done each homework of the week, in one call: the boards the per-homework
endpoint answers, for every homework of the classroom, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.people.models import Enrolment
from tests.factories import EnrolmentFactory, PupilFactory

pytestmark = pytest.mark.django_db

WEEK = {"start": "2026-11-23", "end": "2026-12-06"}


def create(client, classroom, **body) -> dict:
    response = client.post(f"/api/v1/homework/classrooms/{classroom.pk}/homework/", {
        "subject": "francais", "instructions": "Lire p. 12", "due_date": "2026-11-27", **body,
    }, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def boards(client, classroom, **query):
    return client.get(f"/api/v1/homework/classrooms/{classroom.pk}/done/", {**WEEK, **query})


def a_week_of_homework(world, client_for, *, pupils: int, homework: int) -> None:
    """Homework for the whole classroom, for a level and for named pupils, with ticks."""
    a1 = world.classrooms["A1"]
    level = Enrolment.objects.filter(classroom=a1).first().level
    added = [PupilFactory() for _ in range(pupils)]
    for pupil in added:
        EnrolmentFactory(pupil=pupil, classroom=a1, level=level)
    teacher = client_for("teacher")
    for number in range(homework):
        audience = ("classroom", "levels", "pupils")[number % 3]
        extra = {"levels": [level]} if audience == "levels" else {}
        if audience == "pupils":
            extra = {"pupils": [world.pupils["A1"].pk, *(p.pk for p in added[:1])]}
        item = create(teacher, a1, audience=audience, instructions=f"Exercice {number}", **extra)
        client_for("pupil").put(f"/api/v1/homework/items/{item['id']}/done/",
                                {"pupil": world.pupils["A1"].pk, "done": True}, format="json")


def test_the_boards_of_the_week_are_those_of_each_homework_in_one_call(world, client_for):
    a_week_of_homework(world, client_for, pupils=3, homework=3)
    teacher = client_for("teacher")

    response = boards(teacher, world.classrooms["A1"])

    assert response.status_code == 200
    answered = response.json()
    assert len(answered) == 3
    for board in answered:
        one = teacher.get(f"/api/v1/homework/items/{board['homework_id']}/done/").json()
        assert board == one
    assert [board["pupil_count"] for board in answered] == [4, 4, 2]
    assert all(board["done_count"] == 1 for board in answered)


def test_the_boards_cost_the_same_queries_however_many_homework_pupils_and_ticks(
        world, client_for):
    teacher, a1 = client_for("teacher"), world.classrooms["A1"]
    a_week_of_homework(world, client_for, pupils=1, homework=1)
    with CaptureQueriesContext(connection) as few:
        assert boards(teacher, a1).status_code == 200
    a_week_of_homework(world, client_for, pupils=5, homework=6)
    with CaptureQueriesContext(connection) as many:
        response = boards(teacher, a1)

    assert len(response.json()) == 7
    assert len(many) == len(few)


def test_an_empty_week_answers_an_empty_list(world, client_for):
    assert boards(client_for("teacher"), world.classrooms["A1"]).json() == []


@pytest.mark.parametrize(("query", "field"), [
    ({"start": "2026-11-30", "end": "2026-11-23"}, "end"),
    ({"start": "lundi"}, "start"),
    ({"start": "2026-11-23", "end": "2027-06-30"}, "end"),
])
def test_bad_dates_are_refused_naming_the_field(world, client_for, query, field):
    response = boards(client_for("teacher"), world.classrooms["A1"], **query)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_families_do_not_get_the_boards(world, client_for):
    a_week_of_homework(world, client_for, pupils=1, homework=1)

    for role in ("guardian", "pupil", "teacher_other"):
        assert boards(client_for(role), world.classrooms["A1"]).status_code == 404
