"""Homework: due on a school day, meant for the right pupils, ticked by families, safe text."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.homework.models import Attachment, Homework, HomeworkDone
from preau.homework.services import homework_create
from tests.factories import EnrolmentFactory, GuardianshipFactory, PupilFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)
PDF = b"%PDF-1.4\n%%EOF\n"


def create(client, classroom, **body):
    payload = {"subject": "francais", "instructions": "Lire p. 12", "due_date": "2026-11-27",
               **body}
    return client.post(f"/api/v1/homework/classrooms/{classroom.pk}/homework/", payload,
                       format="json")


def children(client, **params):
    response = client.get("/api/v1/homework/children/", {"start": "2026-11-23",
                                                         "end": "2026-12-06", **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_teacher_sets_homework_and_both_guardians_see_it(world, client_for):
    response = create(client_for("teacher"), world.classrooms["A1"], estimated_minutes=20,
                      to_bring_back="Cahier de liaison signé")
    assert response.status_code == 201
    for role in ("guardian", "guardian_2", "pupil"):
        client = client_for(role)
        (lea,) = children(client)
        assert [i["homework"]["to_bring_back"] for i in lea["items"]] == [
            "Cahier de liaison signé"]
        assert lea["items"][0]["done"] is False
    assert children(client_for("guardian_other"))[0]["items"] == []


@pytest.mark.parametrize(
    ("due_date", "reason"),
    [("2026-12-23", "Vacances de Noël"), ("2026-12-02", "Pas de classe"),
     ("2026-11-20", "passée")],
)
def test_a_due_date_without_class_is_refused_naming_the_field(world, client_for, due_date,
                                                               reason):
    response = create(client_for("teacher"), world.classrooms["A1"], due_date=due_date)
    assert response.status_code == 400
    assert "due_date" in response.json()["error"]["fields"]
    assert reason in response.json()["error"]["message"]
    assert Homework.objects.count() == 0


def test_homework_for_one_level_reaches_only_that_levels_pupils(world, client_for):
    a2 = world.classrooms["A2"]  # CM1-CM2; Hugo is CM1
    cm2_pupil = PupilFactory(first_name="Jade")
    EnrolmentFactory(pupil=cm2_pupil, classroom=a2, level="CM2")
    jade_guardian = GuardianshipFactory(pupil=cm2_pupil).guardian
    from tests.factories import UserFactory
    jade_parent = UserFactory(username="jade_parent", person=jade_guardian)

    response = create(client_for("teacher_other"), a2, audience="levels", levels=["CM2"])
    assert response.status_code == 201
    assert children(client_for("guardian_other"))[0]["items"] == []
    from rest_framework.test import APIClient
    client = APIClient()
    client.force_login(jade_parent)
    assert len(children(client)[0]["items"]) == 1

    wrong_level = create(client_for("teacher_other"), a2, audience="levels", levels=["CP"])
    assert "levels" in wrong_level.json()["error"]["fields"]


def test_homework_for_named_pupils(world, client_for):
    a1 = world.classrooms["A1"]
    classmate = PupilFactory()
    EnrolmentFactory(pupil=classmate, classroom=a1)
    response = create(client_for("teacher"), a1, audience="pupils", pupils=[classmate.pk])
    assert response.status_code == 201
    assert children(client_for("guardian"))[0]["items"] == []
    outsider = create(client_for("teacher"), a1, audience="pupils",
                      pupils=[world.pupils["B1"].pk])
    assert outsider.status_code == 400
    assert "pupils" in outsider.json()["error"]["fields"]


def test_instructions_are_markdown_with_scripts_and_javascript_links_neutralised(
    world, client_for
):
    response = create(client_for("teacher"), world.classrooms["A1"], instructions=(
        "**Lire** la [fiche](javascript:alert(1)) <script>alert('x')</script>"
        " <img src=x onerror=alert(1)> [site](https://example.org)"))
    html = response.json()["instructions_html"]
    assert "<strong>Lire</strong>" in html
    assert "<script" not in html
    assert "<img" not in html
    assert "href=\"javascript" not in html  # left as plain text, never a link
    assert 'href="https://example.org"' in html


def test_the_pupil_ticks_done_the_guardian_unticks_the_teacher_counts(world, client_for):
    homework = create(client_for("teacher"), world.classrooms["A1"]).json()
    url = f"/api/v1/homework/items/{homework['id']}/done/"
    pupil_id = world.pupils["A1"].pk

    ticked = client_for("pupil").put(url, {"pupil": pupil_id, "done": True}, format="json")
    assert ticked.json()["done_count"] == 1
    again = client_for("pupil").put(url, {"pupil": pupil_id, "done": True}, format="json")
    assert again.json()["done_count"] == 1  # a resend does not count twice
    board = client_for("teacher").get(url).json()
    assert (board["done_count"], board["pupil_count"]) == (1, 1)
    assert board["pupils"][0]["done"] is True

    client_for("guardian").put(url, {"pupil": pupil_id, "done": False}, format="json")
    assert HomeworkDone.objects.count() == 0
    other_family = client_for("guardian_other").put(url, {"pupil": pupil_id, "done": True},
                                                    format="json")
    assert other_family.status_code == 404
    assert client_for("guardian").get(url).status_code == 404  # the board is for staff


def test_a_withdrawn_homework_stays_visible_as_withdrawn(world, client_for):
    homework = create(client_for("teacher"), world.classrooms["A1"]).json()
    response = client_for("teacher").post(f"/api/v1/homework/items/{homework['id']}/withdraw/")
    assert response.json()["status"] == "withdrawn"
    (lea,) = children(client_for("guardian"))
    assert lea["items"][0]["homework"]["status"] == "withdrawn"
    edit = client_for("teacher").patch(f"/api/v1/homework/items/{homework['id']}/",
                                       {"estimated_minutes": 5}, format="json")
    assert edit.status_code == 400


def test_the_director_reads_but_does_not_write(world, client_for):
    a1 = world.classrooms["A1"]
    assert create(client_for("director"), a1).status_code == 403
    create(client_for("teacher"), a1)
    listed = client_for("director").get(f"/api/v1/homework/classrooms/{a1.pk}/homework/",
                                        {"start": "2026-11-23", "end": "2026-12-06"})
    assert listed.json()["count"] == 1


def upload(client, homework_id, name, data, content_type="application/pdf"):
    return client.post(f"/api/v1/homework/items/{homework_id}/attachments/",
                       {"file": SimpleUploadedFile(name, data, content_type=content_type)},
                       format="multipart")


def test_attachments_are_typed_by_content_and_served_only_to_who_sees_the_homework(
    world, client_for, settings
):
    homework = create(client_for("teacher"), world.classrooms["A1"]).json()
    stored = upload(client_for("teacher"), homework["id"], "fiche.pdf", PDF)
    assert stored.status_code == 201
    url = stored.json()["url"]

    download = client_for("guardian").get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    assert client_for("guardian_other").get(url).status_code == 404
    assert client_for("anonymous").get(url).status_code == 401

    disguised = upload(client_for("teacher"), homework["id"], "devoir.pdf",
                       b"<html><script>alert(1)</script></html>\x00", "application/pdf")
    assert disguised.status_code == 400
    assert "file" in disguised.json()["error"]["fields"]
    settings.PREAU_UPLOAD_MAX_BYTES = 1024
    too_big = upload(client_for("teacher"), homework["id"], "gros.pdf", PDF + b"0" * 2048)
    assert too_big.status_code == 400
    assert Attachment.objects.count() == 1
    media = settings.MEDIA_ROOT
    assert sum(1 for path in media.rglob("*") if path.is_file()) == 1


def _family_with(world, children_count, homework_per_child):
    guardian = world.user("guardian").person
    teacher = world.user("teacher")
    for _ in range(children_count):
        child = PupilFactory()
        GuardianshipFactory(guardian=guardian, pupil=child)
        EnrolmentFactory(pupil=child, classroom=world.classrooms["A1"])
    for n in range(homework_per_child):
        homework = homework_create(actor=teacher, classroom=world.classrooms["A1"],
                                   subject="francais", instructions=f"Exercice {n}",
                                   due_date=date(2026, 11, 27))
        for attachment_number in range(2):
            attachment = Attachment(homework=homework, original_name=f"{attachment_number}.pdf",
                                    content_type="application/pdf", size=len(PDF))
            attachment.file.save("f.pdf", SimpleUploadedFile("f.pdf", PDF), save=False)
            attachment.save()


def test_the_week_across_children_costs_the_same_queries_however_much_homework(
    world, client_for
):
    client = client_for("guardian")
    _family_with(world, children_count=1, homework_per_child=1)
    with CaptureQueriesContext(connection) as few:
        children(client)
    _family_with(world, children_count=2, homework_per_child=6)
    with CaptureQueriesContext(connection) as many:
        body = children(client)
    assert sum(len(child["items"]) for child in body) == 4 * 7
    assert len(many) == len(few)
