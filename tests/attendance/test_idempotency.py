"""Idempotency-Key: a tablet on a weak Wi-Fi resends; the call is written once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from preau.attendance.models import Absence, AbsenceNotice, RollCall
from preau.common.idempotency import idempotency_records_purge
from preau.common.models import IdempotencyRecord
from tests.attendance.helpers import TUESDAY, marks, take_call

pytestmark = pytest.mark.django_db

KEY = "5f0c3c1e-2d7b-4d49-9a53-4b1c2d7e8f90"


def post(client, classroom, payload, key=KEY):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/", payload,
                       format="json", **headers)


def payload(*absent) -> dict:
    return {"date": TUESDAY.isoformat(), "half_day": "morning", "absences": marks(absent)}


def test_the_same_key_and_body_three_times_replays_the_stored_answer(world, client_for):
    client = client_for("teacher")
    classroom = world.classrooms["A1"]
    body = payload(world.pupils["A1"])

    answers = [post(client, classroom, body) for _ in range(3)]

    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.headers.get("Idempotent-Replayed") for a in answers] == [None, "true", "true"]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert answers[0]["ETag"] == answers[2]["ETag"]
    assert RollCall.objects.count() == 1
    assert Absence.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_the_same_key_with_another_body_answers_422_and_writes_nothing(world, client_for):
    client = client_for("teacher")
    classroom = world.classrooms["A1"]
    post(client, classroom, payload(world.pupils["A1"]))

    response = post(client, classroom, payload())

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert Absence.objects.count() == 1


def test_the_same_key_on_another_classroom_is_another_request(world, client_for):
    client = client_for("director")
    post(client, world.classrooms["A1"], payload())

    response = post(client, world.classrooms["A2"], payload())

    assert response.status_code == 422
    assert RollCall.objects.count() == 1


def test_keys_belong_to_their_user(world, client_for):
    post(client_for("teacher"), world.classrooms["A1"], payload(world.pupils["A1"]))

    response = post(client_for("director"), world.classrooms["A1"], payload(world.pupils["A1"]))

    assert response.status_code == 200  # the director's own request: the existing call
    assert "Idempotent-Replayed" not in response
    assert IdempotencyRecord.objects.count() == 2


def test_a_refused_request_stores_nothing_and_its_key_serves_again(world, client_for):
    client = client_for("teacher")
    classroom = world.classrooms["A1"]

    refused = post(client, classroom, {**payload(), "date": "2026-11-18"})
    accepted = post(client, classroom, payload())

    assert (refused.status_code, accepted.status_code) == (400, 201)
    assert IdempotencyRecord.objects.count() == 1


def test_a_malformed_key_is_refused_naming_the_header(world, client_for):
    response = post(client_for("teacher"), world.classrooms["A1"], payload(), key="x" * 300)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert not RollCall.objects.exists()


def test_without_a_key_a_resubmit_returns_the_existing_call(world, client_for):
    client = client_for("teacher")
    first = post(client, world.classrooms["A1"], payload(world.pupils["A1"]), key=None)

    again = post(client, world.classrooms["A1"], payload(world.pupils["A1"]), key=None)

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert not IdempotencyRecord.objects.exists()


def test_keys_are_forgotten_after_a_day(world, client_for):
    client = client_for("teacher")
    post(client, world.classrooms["A1"], payload(world.pupils["A1"]))

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert idempotency_records_purge() == 1
    assert not IdempotencyRecord.objects.exists()


def test_a_key_older_than_a_day_serves_again_for_another_request(world, client_for):
    client = client_for("teacher")
    post(client, world.classrooms["A1"], payload(world.pupils["A1"]))

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        later = client.post(
            f"/api/v1/attendance/classrooms/{world.classrooms['A1'].pk}/roll-calls/",
            {"date": "2026-11-24", "half_day": "afternoon", "absences": []},
            format="json", HTTP_IDEMPOTENCY_KEY=KEY)

    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later
    assert RollCall.objects.count() == 2
    assert IdempotencyRecord.objects.get().response_body["id"] == later.json()["id"]


def test_a_phone_resending_an_announced_absence_or_a_justification_writes_once(
    world, client_for
):
    client = client_for("guardian")
    pupil = world.pupils["A1"]
    notice = {"start_date": "2026-11-26", "absence_reason": "maladie_enfant"}
    answers = [client.post(f"/api/v1/attendance/pupils/{pupil.pk}/notices/", notice,
                           format="json", HTTP_IDEMPOTENCY_KEY="notice-1") for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201]
    assert AbsenceNotice.objects.count() == 1

    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY, absent=[pupil])
    absence = Absence.objects.get()

    def justify(content: bytes):
        return client.post(
            f"/api/v1/attendance/absences/{absence.pk}/justification/",
            {"absence_reason": "maladie_enfant",
             "file": SimpleUploadedFile("certificat.pdf", content)},
            format="multipart", HTTP_IDEMPOTENCY_KEY="justify-1")

    first, again = justify(b"%PDF-1.4\n%%EOF\n"), justify(b"%PDF-1.4\n%%EOF\n")
    other_file = justify(b"%PDF-1.7\n%%EOF\n")
    assert (first.status_code, again.status_code, other_file.status_code) == (200, 200, 422)
    assert again["Idempotent-Replayed"] == "true"
