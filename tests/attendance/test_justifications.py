"""Guardians justify, the director accepts or refuses; each guardian sees it all."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preau.attendance.models import Absence, JustificationDocument
from tests.attendance.helpers import TUESDAY, take_call
from tests.factories import GuardianshipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/api/v1/attendance/absences/"


@pytest.fixture
def absence(world) -> Absence:
    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY, absent=[world.pupils["A1"]])
    return Absence.objects.get()


def justify(client, absence, **data):
    return client.post(f"{BASE}{absence.pk}/justification/", data, format="json")


def test_a_guardian_justifies_and_the_director_accepts(world, client_for, absence):
    guardian, director = client_for("guardian"), client_for("director")

    sent = justify(guardian, absence, absence_reason="maladie_enfant", comment="Fièvre")
    queue = director.get(BASE, {"justification_status": "pending"}).json()["results"]
    accepted = director.post(f"{BASE}{absence.pk}/justification/accept/")

    assert sent.status_code == 200, sent.content
    assert (sent.json()["justification_status"], sent.json()["is_justified"]) == ("pending",
                                                                                  False)
    assert sent.json()["justified_by"]["id"] == world.user("guardian").person_id
    assert [row["id"] for row in queue] == [absence.pk]
    assert accepted.status_code == 200
    assert (accepted.json()["justification_status"], accepted.json()["is_justified"]) == (
        "accepted", True)
    assert accepted.json()["reviewed_by"]["id"] == world.user("director").person_id
    assert director.get(BASE, {"justification_status": "pending"}).json()["count"] == 0


def test_the_other_guardian_sees_the_same_absence_and_its_justification(
    world, client_for, absence
):
    justify(client_for("guardian"), absence, absence_reason="reunion_famille")

    seen = client_for("guardian_2").get(f"{BASE}{absence.pk}/")

    assert seen.status_code == 200
    assert seen.json()["absence_reason"] == "reunion_famille"


def test_a_refusal_says_why_and_the_guardian_sees_it_and_may_justify_again(
    world, client_for, absence
):
    guardian, director = client_for("guardian"), client_for("director")
    justify(guardian, absence, absence_reason="autre", comment="Panne de réveil")

    without_reason = director.post(f"{BASE}{absence.pk}/justification/refuse/", {},
                                   format="json")
    refused = director.post(f"{BASE}{absence.pk}/justification/refuse/",
                            {"refusal_reason": "Ce motif n'est pas recevable."}, format="json")
    seen = guardian.get(BASE, {"pupil": world.pupils["A1"].pk}).json()["results"][0]
    again = justify(guardian, absence, absence_reason="maladie_enfant")

    assert without_reason.status_code == 400
    assert "refusal_reason" in without_reason.json()["error"]["fields"]
    assert refused.json()["justification_status"] == "refused"
    assert (seen["justification_status"], seen["refusal_reason"]) == (
        "refused", "Ce motif n'est pas recevable.")
    assert again.json()["justification_status"] == "pending"
    assert again.json()["refusal_reason"] == ""


def test_other_needs_a_comment(world, client_for, absence):
    response = justify(client_for("guardian"), absence, absence_reason="autre")

    assert response.status_code == 400
    assert response.json()["error"]["fields"].keys() == {"comment"}
    absence.refresh_from_db()
    assert absence.justification_status == "none"


def test_an_unknown_reason_is_refused(world, client_for, absence):
    response = justify(client_for("guardian"), absence, absence_reason="grasse_matinee")

    assert response.status_code == 400
    assert "absence_reason" in response.json()["error"]["fields"]


def test_a_justification_may_carry_a_document_that_family_and_staff_download(
    world, client_for, absence
):
    upload = SimpleUploadedFile("certificat médical.pdf", PDF, content_type="application/pdf")

    response = client_for("guardian").post(
        f"{BASE}{absence.pk}/justification/",
        {"absence_reason": "maladie_enfant", "file": upload}, format="multipart")

    assert response.status_code == 200, response.content
    assert response.json()["document"]["original_name"] == "certificat médical.pdf"
    for role in ("guardian", "guardian_2", "teacher", "director"):
        download = client_for(role).get(f"{BASE}{absence.pk}/document/")
        assert download.status_code == 200, role
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment")
    assert client_for("guardian_other").get(f"{BASE}{absence.pk}/document/").status_code == 404


def test_a_document_of_a_refused_type_is_refused_naming_the_field(world, client_for, absence):
    upload = SimpleUploadedFile("photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    response = client_for("guardian").post(
        f"{BASE}{absence.pk}/justification/",
        {"absence_reason": "maladie_enfant", "file": upload}, format="multipart")

    assert response.status_code == 400
    assert response.json()["error"]["fields"].keys() == {"file"}
    assert not JustificationDocument.objects.exists()
    absence.refresh_from_db()
    assert absence.justification_status == "none"


def test_an_absence_without_a_document_answers_404_on_download(world, client_for, absence):
    assert client_for("guardian").get(f"{BASE}{absence.pk}/document/").status_code == 404


def test_the_director_records_a_paper_note_accepted_at_once(world, client_for, absence):
    response = justify(client_for("director"), absence, absence_reason="absence_famille")

    assert response.json()["justification_status"] == "accepted"
    assert response.json()["is_justified"] is True


def test_an_accepted_justification_cannot_be_replaced(world, client_for, absence):
    justify(client_for("director"), absence, absence_reason="maladie_enfant")

    response = justify(client_for("guardian"), absence, absence_reason="autre", comment="…")

    assert response.status_code == 400
    assert "absence_reason" in response.json()["error"]["fields"]


def test_only_a_pending_justification_is_accepted(world, client_for, absence):
    response = client_for("director").post(f"{BASE}{absence.pk}/justification/accept/")

    assert response.status_code == 400
    assert "justification_status" in response.json()["error"]["fields"]


def test_teachers_see_but_neither_justify_nor_review(world, client_for, absence):
    teacher = client_for("teacher")
    justify(client_for("guardian"), absence, absence_reason="maladie_enfant")

    assert teacher.get(f"{BASE}{absence.pk}/").status_code == 200
    assert justify(teacher, absence, absence_reason="maladie_enfant").status_code == 403
    assert teacher.post(f"{BASE}{absence.pk}/justification/accept/").status_code == 403


def test_a_guardian_of_another_child_gets_404(world, client_for, absence):
    client = client_for("guardian_other")

    assert client.get(f"{BASE}{absence.pk}/").status_code == 404
    assert justify(client, absence, absence_reason="maladie_enfant").status_code == 404
    assert client.get(BASE).json()["count"] == 0


def test_a_guardian_lists_each_childs_absences_and_lateness(world, client_for):
    sister = world.pupils["A2"]
    GuardianshipFactory(guardian=world.user("guardian").person, pupil=sister)
    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY, absent=[world.pupils["A1"]])
    take_call(world.user("director"), world.classrooms["A2"], TUESDAY, late={sister: 10})

    results = client_for("guardian").get(BASE).json()["results"]

    assert {(r["pupil"]["id"], r["absence_kind"], r["minutes_late"]) for r in results} == {
        (world.pupils["A1"].pk, "absent", None), (sister.pk, "late", 10)}
    only_late = client_for("guardian").get(BASE, {"absence_kind": "late"}).json()["results"]
    assert [r["pupil"]["id"] for r in only_late] == [sister.pk]


def test_a_bad_list_filter_answers_400_naming_it(world, client_for):
    client = client_for("director")

    assert client.get(BASE, {"start": "hier"}).json()["error"]["fields"].keys() == {"start"}
    assert client.get(BASE, {"start": "2026-11-30", "end": "2026-11-01"}).json()[
        "error"]["fields"].keys() == {"end"}
    assert client.get(BASE, {"justification_status": "maybe"}).status_code == 400
