"""Families read what was done in class (the cahier de textes), unless the school holds it
back: a guardian and the pupil see their own classroom's entries up to today, nobody else's."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.homework.models import Attachment, LessonEntry, SchoolHomeworkSettings
from tests.factories import EnrolmentFactory, GuardianshipFactory, PupilFactory

pytestmark = pytest.mark.django_db

WORLD_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
WEEK = {"start": "2026-11-23", "end": "2026-11-29"}
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(world_of_module):
    return world_of_module


def write_lesson(client, classroom, **body):
    payload = {"date": "2026-11-24", "subject": "francais", "title": "La phrase", **body}
    response = client.post(
        f"/api/v1/homework/classrooms/{classroom.pk}/lessons/", payload, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def week_of(client) -> dict[int, dict]:
    response = client.get("/api/v1/homework/children/", WEEK)
    assert response.status_code == 200, response.content
    return {child["pupil"]["id"]: child for child in response.json()}


def titles(child: dict) -> list[str]:
    return [lesson["title"] for lesson in child["lessons"]]


def hold_back(client, school, *, shown: bool):
    return client.put(
        f"/api/v1/homework/schools/{school.pk}/settings/",
        {"families_see_lessons": shown},
        format="json",
    )


def attach(lesson_id: int) -> Attachment:
    attachment = Attachment(
        lesson_id=lesson_id,
        original_name="fiche.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    attachment.file.save("fiche.pdf", SimpleUploadedFile("fiche.pdf", PDF), save=False)
    attachment.save()
    return attachment


def test_a_guardian_reads_what_was_done_in_her_childs_class_not_in_another(world, client_for):
    write_lesson(
        client_for("teacher"),
        world.classrooms["A1"],
        title="Les fractions",
        content="Partage en **quarts** <script>alert(1)</script>",
    )
    write_lesson(client_for("teacher_other"), world.classrooms["A2"], title="Le verbe")

    lea = week_of(client_for("guardian"))[world.pupils["A1"].pk]
    assert lea["lessons_shown"] is True
    (lesson,) = lea["lessons"]
    assert (lesson["title"], lesson["date"]) == ("Les fractions", "2026-11-24")
    assert "<strong>quarts</strong>" in lesson["content_html"]
    assert "<script" not in lesson["content_html"]
    assert "content" not in lesson  # the Markdown source stays the teacher's
    assert titles(week_of(client_for("guardian_other"))[world.pupils["A2"].pk]) == ["Le verbe"]


def test_the_pupil_reads_their_own_class_only(world, client_for):
    write_lesson(client_for("teacher"), world.classrooms["A1"], title="Les fractions")
    write_lesson(client_for("teacher_other"), world.classrooms["A2"], title="Le verbe")

    (child,) = week_of(client_for("pupil")).values()
    assert child["pupil"]["id"] == world.pupils["A1"].pk
    assert titles(child) == ["Les fractions"]


def test_the_teachers_future_preparation_stays_hidden_from_families(world, client_for):
    write_lesson(client_for("teacher"), world.classrooms["A1"], title="Hier")
    LessonEntry.objects.create(
        classroom=world.classrooms["A1"],
        date=date(2026, 11, 26),
        subject="francais",
        title="Demain, préparé",
        author=world.user("teacher").person,
    )

    assert titles(week_of(client_for("guardian"))[world.pupils["A1"].pk]) == ["Hier"]


def test_lesson_files_reach_the_families_of_the_class_only(world, client_for):
    lesson = write_lesson(client_for("teacher"), world.classrooms["A1"])
    attachment = attach(lesson["id"])
    url = f"/api/v1/homework/attachments/{attachment.pk}/"

    (listed,) = week_of(client_for("guardian"))[world.pupils["A1"].pk]["lessons"]
    assert listed["attachments"][0]["url"] == url
    assert client_for("guardian").get(url).status_code == 200
    assert client_for("pupil").get(url).status_code == 200
    assert client_for("guardian_other").get(url).status_code == 404
    assert client_for("teacher_other").get(url).status_code == 404


def test_when_the_school_holds_it_back_families_and_pupils_read_nothing(world, client_for):
    lesson = write_lesson(client_for("teacher"), world.classrooms["A1"], title="Les fractions")
    attachment = attach(lesson["id"])

    response = hold_back(client_for("director"), world.schools["A"], shown=False)

    assert response.status_code == 200, response.content
    assert response.json() == {"school_id": world.schools["A"].pk, "families_see_lessons": False}
    for role in ("guardian", "pupil"):
        child = week_of(client_for(role))[world.pupils["A1"].pk]
        assert (child["lessons_shown"], child["lessons"]) == (False, [])
        url = f"/api/v1/homework/attachments/{attachment.pk}/"
        assert client_for(role).get(url).status_code == 404
    # The teachers' record is unchanged.
    listed = (
        client_for("teacher")
        .get(f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/lessons/", WEEK)
        .json()
    )
    assert [row["title"] for row in listed["results"]] == ["Les fractions"]

    assert hold_back(client_for("director"), world.schools["A"], shown=True).status_code == 200
    # Another school's choice does not concern these families.
    assert (
        hold_back(client_for("director_other"), world.schools["B"], shown=False).status_code == 200
    )
    assert titles(week_of(client_for("guardian"))[world.pupils["A1"].pk]) == ["Les fractions"]


def test_a_teacher_of_another_class_still_does_not_read_it(world, client_for):
    lesson = write_lesson(client_for("teacher"), world.classrooms["A1"])

    teacher_other = client_for("teacher_other")
    assert teacher_other.get(f"/api/v1/homework/lessons/{lesson['id']}/").status_code == 404
    assert (
        teacher_other.get(
            f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/lessons/", WEEK
        ).status_code
        == 404
    )
    assert week_of(teacher_other) == {}


@pytest.mark.parametrize("role", ["commune", "inspector", "dasen"])
def test_authorities_read_nothing_of_it(world, client_for, role):
    lesson = write_lesson(client_for("teacher"), world.classrooms["A1"])
    attachment = attach(lesson["id"])

    client = client_for(role)
    assert week_of(client) == {}
    assert client.get(f"/api/v1/homework/lessons/{lesson['id']}/").status_code == 404
    assert client.get(f"/api/v1/homework/attachments/{attachment.pk}/").status_code == 404
    assert (
        client.get(f"/api/v1/homework/schools/{world.schools['A'].pk}/settings/").status_code == 404
    )


def test_families_read_the_lessons_but_not_their_teachers_editing_view(world, client_for):
    lesson = write_lesson(client_for("teacher"), world.classrooms["A1"])

    assert (
        client_for("guardian").get(f"/api/v1/homework/lessons/{lesson['id']}/").status_code == 404
    )


def _family_with(world, *, children_count: int, lessons_count: int) -> None:
    guardian = world.user("guardian").person
    for _ in range(children_count):
        child = PupilFactory()
        GuardianshipFactory(guardian=guardian, pupil=child)
        EnrolmentFactory(pupil=child, classroom=world.classrooms["A2"])
    for n in range(lessons_count):
        lesson = LessonEntry.objects.create(
            classroom=world.classrooms["A2"],
            date=date(2026, 11, 23 + n % 3),
            subject="francais",
            title=f"Séance {n}",
            content="*lu*",
            author=world.user("teacher_other").person,
        )
        attach(lesson.pk)
        attach(lesson.pk)


def test_the_week_with_lessons_costs_the_same_queries_however_many(world, client_for):
    client = client_for("guardian")
    _family_with(world, children_count=1, lessons_count=1)
    with CaptureQueriesContext(connection) as few:
        week_of(client)
    _family_with(world, children_count=2, lessons_count=6)
    with CaptureQueriesContext(connection) as many:
        body = week_of(client)
    assert sum(len(child["lessons"]) for child in body.values()) == 3 * 7
    assert len(many) == len(few)


def test_the_director_reads_and_changes_the_setting_a_teacher_only_reads(world, client_for):
    url = f"/api/v1/homework/schools/{world.schools['A'].pk}/settings/"
    assert client_for("director").get(url).json()["families_see_lessons"] is True  # default
    assert client_for("teacher").get(url).json()["families_see_lessons"] is True

    assert hold_back(client_for("teacher"), world.schools["A"], shown=False).status_code == 403
    assert (
        hold_back(client_for("director_other"), world.schools["A"], shown=False).status_code == 404
    )
    assert client_for("guardian").get(url).status_code == 404
    assert not SchoolHomeworkSettings.objects.exists()


def test_a_setting_without_its_value_is_refused_naming_the_field(world, client_for):
    url = f"/api/v1/homework/schools/{world.schools['A'].pk}/settings/"
    for body in ({}, {"families_see_lessons": "peut-être"}):
        response = client_for("director").put(url, body, format="json")
        assert response.status_code == 400
        assert "families_see_lessons" in response.json()["error"]["fields"]
    assert not SchoolHomeworkSettings.objects.exists()
