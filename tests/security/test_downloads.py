"""Every download answers as an attachment of the stored type, never sniffed by the browser.

An uploaded file is never rendered inside the application's origin: a PDF, an image or a
text file a family or a teacher uploaded comes back with ``Content-Disposition: attachment``,
``X-Content-Type-Options: nosniff``, the type detected from its content when it was stored,
and a sandboxing policy of its own. Generated exports (the monthly register) are attachments
too.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preau.attendance.models import Absence
from tests.attendance.helpers import TUESDAY, take_call

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# Text that a browser sniffing the content would take for HTML.
TEXT_LOOKING_LIKE_HTML = b"Bonjour\n<script>alert(1)</script>\n"

FILES = [
    pytest.param("fiche.pdf", PDF, "application/pdf", id="pdf"),
    # the uploader claims text/html: the stored type comes from the bytes
    pytest.param("photo.html", PNG, "image/png", id="png-named-html"),
    pytest.param("mot.txt", TEXT_LOOKING_LIKE_HTML, "text/plain", id="text-with-markup"),
]


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/html")


def assert_served_as_attachment(response, *, content_type: str, data: bytes | None = None):
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    if data is not None:
        policy = response["Content-Security-Policy"]
        assert "sandbox" in policy
        assert "default-src 'none'" in policy
        assert b"".join(response.streaming_content) == data


def homework_attachment_url(world, client_for, name, data) -> str:
    teacher = client_for("teacher")
    homework = teacher.post(
        f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/homework/",
        {"subject": "francais", "instructions": "Lire p. 12", "due_date": "2026-11-27"},
        format="json").json()
    stored = teacher.post(f"/api/v1/homework/items/{homework['id']}/attachments/",
                          {"file": upload(name, data)}, format="multipart")
    assert stored.status_code == 201, stored.content
    return stored.json()["url"]


def lesson_attachment_url(world, client_for, name, data) -> str:
    teacher = client_for("teacher")
    lesson = teacher.post(
        f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/lessons/",
        {"date": "2026-11-24", "subject": "mathematiques", "title": "Les fractions",
         "content": "Des quarts."}, format="json").json()
    stored = teacher.post(f"/api/v1/homework/lessons/{lesson['id']}/attachments/",
                          {"file": upload(name, data)}, format="multipart")
    assert stored.status_code == 201, stored.content
    return stored.json()["url"]


def message_attachment_url(world, client_for, name, data) -> str:
    guardian = client_for("guardian")
    created = guardian.post("/api/v1/messaging/conversations/", {
        "recipients": [world.user("teacher").pk], "subject": "Certificat",
        "body": "Voici le document.", "attachments": [upload(name, data)]},
        format="multipart")
    assert created.status_code == 201, created.content
    message = guardian.get(
        f"/api/v1/messaging/conversations/{created.json()['conversations'][0]['id']}/messages/"
    ).json()["results"][-1]
    (attachment,) = message["attachments"]
    return attachment["url"]


def absence_document_url(world, client_for, name, data) -> str:
    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY,
              absent=[world.pupils["A1"]])
    absence = Absence.objects.get()
    sent = client_for("guardian").post(
        f"/api/v1/attendance/absences/{absence.pk}/justification/",
        {"absence_reason": "maladie_enfant", "file": upload(name, data)}, format="multipart")
    assert sent.status_code == 200, sent.content
    return f"/api/v1/attendance/absences/{absence.pk}/document/"


# Every place a family or a teacher uploads a file, and where it is downloaded from.
STORES = [
    pytest.param(homework_attachment_url, id="homework"),
    pytest.param(lesson_attachment_url, id="lesson"),
    pytest.param(message_attachment_url, id="message"),
    pytest.param(absence_document_url, id="absence-justification"),
]


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize(("name", "data", "content_type"), FILES)
def test_every_uploaded_file_is_downloaded_as_an_attachment_of_its_stored_type(
    world, client_for, store, name, data, content_type
):
    url = store(world, client_for, name, data)

    download = client_for("teacher").get(url)

    assert_served_as_attachment(download, content_type=content_type, data=data)
    assert name.rsplit(".", 1)[0] in download["Content-Disposition"]
    assert ".html" not in download["Content-Disposition"]


@pytest.mark.parametrize("store", STORES)
def test_a_file_lost_from_storage_is_a_404_in_the_envelope_and_an_error_for_the_operator(
    world, client_for, store, settings, caplog
):
    """Its row kept, its content gone (a storage restored from an older backup): the
    download says so, in the error envelope, and the log names the row for the operator."""
    media = Path(settings.MEDIA_ROOT)
    before = {path for path in media.rglob("*") if path.is_file()}
    url = store(world, client_for, "fiche.pdf", PDF)
    stored = [path for path in media.rglob("*") if path.is_file() and path not in before]
    assert len(stored) == 1
    stored[0].unlink()

    with caplog.at_level(logging.ERROR, logger="preau.common.files"):
        download = client_for("teacher").get(url)

    assert download.status_code == 404
    assert download.json()["error"]["code"] == "not_found"
    assert "plus disponible" in download.json()["error"]["message"]
    (record,) = [r for r in caplog.records if r.name == "preau.common.files"]
    assert "missing from storage" in record.getMessage()
    assert "fiche" not in record.getMessage()  # the row, not the file's name


@pytest.mark.parametrize(("suffix", "content_type"), [
    (".csv", "text/csv"), (".pdf", "application/pdf")])
def test_the_monthly_register_exports_are_attachments(world, client_for, suffix, content_type):
    classroom = world.classrooms["A1"]

    response = client_for("director").get(
        f"/api/v1/attendance/classrooms/{classroom.pk}/register{suffix}", {"month": "2026-11"})

    assert_served_as_attachment(response, content_type=content_type)
