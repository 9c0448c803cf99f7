"""Attachments: type decided by content, size limit, served to participants only."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from preau.common.files import DOCX, ODT, PDF, PNG, TXT, clean_file_name, detect_kind
from preau.messaging.models import Attachment, Message
from tests.factories.messaging import PDF_BYTES, PNG_BYTES, upload
from tests.messaging.helpers import CREATE, messages_url, start_conversation

pytestmark = pytest.mark.django_db


def zipped(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo("mimetype"), stored_first)
        for name, content in entries.items():
            # A fixed date: the bytes name parametrized tests, which pytest-xdist's workers
            # must collect alike (a clock date differs when they cross a 2-second step).
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(entry, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


ODT_BYTES = zipped({"content.xml": b"<office/>"},
                   stored_first="application/vnd.oasis.opendocument.text")
DOCX_BYTES = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.mark.parametrize(("content", "kind"), [
    (PDF_BYTES, PDF), (PNG_BYTES, PNG), (ODT_BYTES, ODT), (DOCX_BYTES, DOCX),
    (b"Liste des fournitures : crayons, gomme.\n", TXT),
    (b"\xef\xbb\xbfAvec BOM\r\n", TXT),
])
def test_allowed_types_are_recognised_from_their_content(content, kind):
    assert detect_kind(io.BytesIO(content)) == kind


@pytest.mark.parametrize("content", [
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'.replace(b"<svg", b"\x00<svg"),
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b"  <!DOCTYPE html><html><body>Bonjour</body></html>",
    b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows executable
    zipped({"evil.js": b"alert(1)"}),
    b"\x00\x01\x02binary",
    "caf\xe9".encode("latin-1"),
])
def test_other_contents_are_refused_whatever_their_name(content):
    assert detect_kind(io.BytesIO(content)) is None


def test_the_uploader_name_is_only_a_label():
    assert clean_file_name("../../etc/passwd", TXT) == "passwd.txt"
    assert clean_file_name("C:\\Users\\x\\photo.exe", PNG) == "photo.png"
    assert clean_file_name("rapport\x00\n.pdf", PDF) == "rapport.pdf"
    assert clean_file_name("", PDF) == "fichier.pdf"


def post_with_files(client, conversation_id, *files, body="Voici le document."):
    return client.post(messages_url(conversation_id), {"body": body, "attachments": list(files)},
                       format="multipart")


def test_a_participant_attaches_a_file_and_only_participants_download_it(world, client_of):
    guardian, teacher = client_of(world.user("guardian")), client_of(world.user("teacher"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    # when the guardian attaches a PDF named like an image
    response = post_with_files(guardian, conversation["id"],
                               upload("certificat.png", PDF_BYTES, "image/png"))
    assert response.status_code == 201, response.content
    (attachment,) = response.json()["attachments"]
    # then its type comes from the content, and its stored name is not the uploader's
    assert (attachment["name"], attachment["content_type"]) == ("certificat.pdf", "application/pdf")
    stored = Attachment.objects.get()
    assert "certificat" not in stored.file.name
    assert stored.file.name.endswith(".pdf")
    # and the teacher downloads it as an attachment that the browser will not sniff
    download = teacher.get(attachment["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="certificat.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF_BYTES
    # while anyone else gets the same 404 as for a missing file
    for role in ["teacher_other", "director", "guardian_other", "inspector"]:
        assert client_of(world.user(role)).get(attachment["url"]).status_code == 404


def test_a_refused_file_type_is_a_400_naming_attachments_and_nothing_is_written(
    world, client_of
):
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    response = post_with_files(
        guardian, conversation["id"],
        upload("photo.png", b"<html><script>alert(1)</script></html>\x00", "image/png"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], list(error["fields"])) == ("file_type_refused", ["attachments"])
    assert Message.objects.count() == 1
    assert Attachment.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(world, client_of, settings):
    settings.PREAU_UPLOAD_MAX_BYTES = 1024
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    response = post_with_files(guardian, conversation["id"],
                               upload("long.txt", b"a" * 1025, "text/plain"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_too_large"
    assert list(response.json()["error"]["fields"]) == ["attachments"]
    assert Attachment.objects.count() == 0


def test_too_many_files_are_refused(world, client_of, settings):
    settings.PREAU_MESSAGING_MAX_ATTACHMENTS = 2
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    response = post_with_files(guardian, conversation["id"],
                               *[upload(f"f{i}.txt") for i in range(3)])
    assert (response.status_code, list(response.json()["error"]["fields"])) == (
        400, ["attachments"])


def test_a_file_sent_to_several_families_is_stored_once(world, client_of):
    teacher = client_of(world.user("teacher"))
    response = teacher.post(CREATE, {
        "recipients": [world.user("guardian").pk, world.user("guardian_2").pk],
        "subject": "Fournitures", "body": "La liste", "attachments": [upload("liste.txt")]},
        format="multipart")
    assert response.status_code == 201, response.content
    names = set(Attachment.objects.values_list("file", flat=True))
    assert Attachment.objects.count() == 2
    assert len(names) == 1
    for role in ["guardian", "guardian_2"]:
        client = client_of(world.user(role))
        conversation = client.get(reverse("messaging:conversation-list")).json()["results"][0]
        (message,) = client.get(messages_url(conversation["id"])).json()["results"]
        assert client.get(message["attachments"][0]["url"]).status_code == 200


def inflating(name: str, megabytes: int, *, odt: bool = False) -> bytes:
    """A DOCX (or ODT) whose document inflates to ``megabytes`` MiB of zeros."""
    buffer = io.BytesIO()
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if odt:
            archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        else:
            archive.writestr("[Content_Types].xml", b"<Types/>")
        entry = zipfile.ZipInfo(name)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(entry, "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(zeros)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("rapport.docx", lambda: inflating("word/document.xml", 1024)),
    ("rapport.odt", lambda: inflating("content.xml", 1024, odt=True)),
    # under 100 MB once inflated, but 1000 times its size
    ("petit.docx", lambda: inflating("word/document.xml", 50)),
], ids=["docx-1-gib", "odt-1-gib", "docx-ratio"])
def test_an_office_document_that_inflates_abnormally_is_refused(world, client_of, name, content):
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    data = content()
    assert len(data) < 2 * 1024 * 1024  # under the upload limit: only its inflation betrays it

    response = post_with_files(guardian, conversation["id"],
                               upload(name, data, "application/octet-stream"))

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], list(error["fields"])) == ("file_too_large", ["attachments"])
    assert Attachment.objects.count() == 0


def test_an_ordinary_office_document_is_still_accepted(world, client_of):
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])
    document = zipped({"[Content_Types].xml": b"<Types/>",
                       "word/document.xml": b"<w:document>" + b"<w:p>Bonjour</w:p>" * 2000
                       + b"</w:document>"})

    response = post_with_files(guardian, conversation["id"],
                               upload("lettre.docx", document, "application/octet-stream"))

    assert response.status_code == 201, response.content
    assert response.json()["attachments"][0]["content_type"] == DOCX.content_type


def test_an_empty_file_is_a_400_file_empty_naming_attachments(world, client_of):
    guardian = client_of(world.user("guardian"))
    conversation = start_conversation(guardian, recipients=[world.user("teacher")])

    response = post_with_files(guardian, conversation["id"], upload("vide.txt", b"", "text/plain"))

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], list(error["fields"])) == ("file_empty", ["attachments"])
    assert Attachment.objects.count() == 0
