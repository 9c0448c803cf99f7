"""Corrections: ETag and If-Match, who may correct when, and the history they leave."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from preau.attendance.models import Absence, JustificationDocument, RollCallCorrection
from preau.attendance.services import absence_justify
from tests.attendance.helpers import MONDAY, TUESDAY, add_pupils, marks, take_call

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n%%EOF\n"


def url(roll_call) -> str:
    return f"/api/v1/attendance/roll-calls/{roll_call.pk}/"


def put(client, roll_call, absences, if_match=None):
    headers = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return client.put(url(roll_call), {"absences": absences}, format="json", **headers)


@pytest.fixture
def call(world):
    """Tuesday morning, taken by the class teacher: Léa absent."""
    return take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY,
                     absent=[world.pupils["A1"]])


def test_a_correction_needs_if_match(world, client_for, call):
    response = put(client_for("teacher"), call, [])

    assert response.status_code == 428
    assert response.json()["error"]["code"] == "precondition_required"
    assert Absence.objects.count() == 1


def test_a_stale_etag_answers_412_and_changes_nothing(world, client_for, call):
    client = client_for("teacher")
    etag = client.get(url(call))["ETag"]
    assert put(client, call, [], etag).status_code == 200

    stale = put(client, call, marks([world.pupils["A1"]]), etag)

    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "precondition_failed"
    assert not Absence.objects.exists()


def test_a_correction_with_the_current_etag_replaces_the_list_and_keeps_a_history(
    world, client_for, call
):
    classroom = world.classrooms["A1"]
    late = add_pupils(classroom, 1)[0]
    client = client_for("teacher")
    etag = client.get(url(call))["ETag"]

    response = put(client, call, marks(late={late: 20}), etag)

    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"roll-call-{call.pk}-v2"' != etag
    assert response.json()["version"] == 2
    assert [(a["pupil_id"], a["absence_kind"], a["minutes_late"])
            for a in response.json()["absences"]] == [(late.pk, "late", 20)]
    history = client.get(f"{url(call)}corrections/").json()["results"]
    assert len(history) == 1
    entry = history[0]
    assert entry["corrected_by"]["id"] == world.user("teacher").person_id
    assert entry["corrected_at"].startswith("2026-11-24T10:00")
    assert entry["before"] == [{"pupil": world.pupils["A1"].pk, "pupil_name": "Léa Martin",
                                "absence_kind": "absent", "minutes_late": None}]
    assert entry["after"] == [{"pupil": late.pk, "pupil_name": late.full_name,
                               "absence_kind": "late", "minutes_late": 20}]


def test_if_match_star_matches_the_current_version(world, client_for, call):
    assert put(client_for("teacher"), call, [], "*").status_code == 200


def test_an_unchanged_list_records_no_correction(world, client_for, call):
    client = client_for("teacher")

    response = put(client, call, marks([world.pupils["A1"]]), client.get(url(call))["ETag"])

    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert not RollCallCorrection.objects.exists()


def test_a_justification_survives_a_correction_that_keeps_the_pupil_listed(
    world, client_for, call
):
    absence = Absence.objects.get()
    absence_justify(actor=world.user("guardian"), absence=absence, reason="maladie_enfant")
    client = client_for("teacher")

    put(client, call, marks(late={world.pupils["A1"]: 30}), client.get(url(call))["ETag"])

    absence.refresh_from_db()
    assert (absence.kind, absence.minutes_late) == ("late", 30)
    assert (absence.justification_status, absence.reason) == ("pending", "maladie_enfant")


def test_removing_a_pupil_deletes_the_absence_and_its_document(
    world, client_for, call, django_capture_on_commit_callbacks
):
    absence = Absence.objects.get()
    absence_justify(actor=world.user("guardian"), absence=absence, reason="maladie_enfant",
                    upload=SimpleUploadedFile("certificat.pdf", PDF))
    document = JustificationDocument.objects.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    client = client_for("teacher")

    with django_capture_on_commit_callbacks(execute=True):
        put(client, call, [], client.get(url(call))["ETag"])

    assert not Absence.objects.exists()
    assert not storage.exists(name)


def test_the_taker_corrects_on_the_same_day_only_the_director_later(world, client_for, call):
    teacher, director = client_for("teacher"), client_for("director")
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=PARIS)):
        etag = teacher.get(url(call))["ETag"]
        next_day = put(teacher, call, [], etag)
        by_director = put(director, call, [], etag)

    assert next_day.status_code == 403
    assert by_director.status_code == 200
    assert RollCallCorrection.objects.get().corrected_by == world.user("director").person


def test_a_class_teacher_who_did_not_take_the_call_may_not_correct_it(world, client_for):
    call = take_call(world.user("director"), world.classrooms["A1"], MONDAY)
    client = client_for("teacher")

    response = put(client, call, marks([world.pupils["A1"]]), client.get(url(call))["ETag"])

    assert response.status_code == 403
    assert not Absence.objects.exists()


def test_a_teacher_of_another_class_gets_404_on_the_correction(world, client_for, call):
    response = put(client_for("teacher_other"), call, [], "*")

    assert response.status_code == 404
    assert Absence.objects.count() == 1


def test_a_correction_may_only_list_pupils_enrolled_that_day(world, client_for, call):
    client = client_for("teacher")

    response = put(client, call, marks([world.pupils["A2"]]), client.get(url(call))["ETag"])

    assert response.status_code == 400
    assert "absences.0.pupil" in response.json()["error"]["fields"]


def test_a_correction_with_an_idempotency_key_is_applied_once(world, client_for, call):
    client = client_for("teacher")
    etag = client.get(url(call))["ETag"]

    answers = [client.put(url(call), {"absences": []}, format="json", HTTP_IF_MATCH=etag,
                          HTTP_IDEMPOTENCY_KEY="correction-1") for _ in range(2)]

    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert RollCallCorrection.objects.count() == 1
