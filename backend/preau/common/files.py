"""Uploaded files: one validation, one naming scheme, one way to serve them.

- **Size**: at most ``PREAU_UPLOAD_MAX_BYTES`` (10 MB by default); an office document (a zip
  archive) must also inflate to at most 100 MB, beyond 10 MB at most 100 times its size,
  and hold what its directory declares.
- **Type, from the content**: the first bytes (and, for office documents, the zip
  directory) decide; the name and the type the browser claims are ignored. Allowed: PDF,
  PNG, JPEG, WebP, GIF, OpenDocument text (ODT), Word (DOCX) and plain UTF-8 text (not
  starting with markup). SVG, HTML, XML and executables are refused whatever they are
  called.
- **Storage names are generated** (``<prefix>/<year>/<month>/<random>.<ext>`` under
  ``MEDIA_ROOT``); the uploader's file name is kept only as a label.
- **Served only through an authenticated view** that checked access first, with
  ``Content-Disposition: attachment``, ``X-Content-Type-Options: nosniff`` and a sandboxing
  CSP: a browser never renders an upload inside the application's origin. MEDIA_ROOT is
  never published by the web server.

Homework attachments reuse this module.
"""

from __future__ import annotations

import logging
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import FileResponse
from django.utils import timezone

from preau.common.errors import ApplicationError, NotFoundError

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", ".pdf", "PDF")
PNG = FileKind("image/png", ".png", "PNG")
JPEG = FileKind("image/jpeg", ".jpg", "JPEG")
WEBP = FileKind("image/webp", ".webp", "WebP")
GIF = FileKind("image/gif", ".gif", "GIF")
ODT = FileKind("application/vnd.oasis.opendocument.text", ".odt", "ODT")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX"
)
TXT = FileKind("text/plain", ".txt", "texte")
ALLOWED_KINDS = {kind.content_type: kind for kind in (PDF, PNG, JPEG, WEBP, GIF, ODT, DOCX, TXT)}
ALLOWED_LABELS = ", ".join(kind.label for kind in ALLOWED_KINDS.values())


def max_upload_bytes() -> int:
    return int(getattr(settings, "PREAU_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


# An office document is a zip archive: before it is accepted, its entries are inflated (and
# thrown away) to check that they hold what the directory declares, that they stay under
# this size in all, and that they do not expand beyond this ratio (a "zip bomb").
MAX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_INFLATION_RATIO = 100
RATIO_CHECKED_ABOVE = 10 * 1024 * 1024  # small documents of repeated XML compress further
MAX_ARCHIVE_ENTRIES = 2000
_INFLATE_CHUNK = 1024 * 1024


def inflates_safely(upload) -> bool:
    """True when the archive's declared and actual sizes stay within the bounds above."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            declared = sum(entry.file_size for entry in entries)
            compressed = max(1, sum(entry.compress_size for entry in entries))
            if (len(entries) > MAX_ARCHIVE_ENTRIES or declared > MAX_INFLATED_BYTES
                    or (declared > RATIO_CHECKED_ABOVE
                        and declared > compressed * MAX_INFLATION_RATIO)):
                return False
            inflated = 0
            for entry in entries:
                entry_bytes = 0
                with archive.open(entry) as member:
                    while chunk := member.read(_INFLATE_CHUNK):
                        entry_bytes += len(chunk)
                        inflated += len(chunk)
                        if entry_bytes > entry.file_size or inflated > MAX_INFLATED_BYTES:
                            return False  # more than declared: the directory lies
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError):
        return False  # unreadable, encrypted, or an unknown compression
    finally:
        upload.seek(0)
    return True


def _zip_kind(upload) -> FileKind | None:
    upload.seek(0)
    head = upload.read(30 + 8 + len(ODT_MIMETYPE))
    if head[30:38] == b"mimetype" and head[38:] == ODT_MIMETYPE:
        return ODT  # OpenDocument: an uncompressed "mimetype" entry comes first
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:  # reads the directory only, inflates nothing
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    return None


def _is_plain_text(data: bytes) -> bool:
    """UTF-8 text without control characters, and not markup (HTML, SVG, XML)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if text.lstrip().startswith("<"):
        return False
    return all(ch in "\t\n\r\f" or unicodedata.category(ch) != "Cc" for ch in text)


def detect_kind(upload) -> FileKind | None:
    """The allowed kind this content is, or None. Decided from the bytes only."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:6] in {b"GIF87a", b"GIF89a"}:
        return GIF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    data = _read_all(upload)
    if data and _is_plain_text(data.removeprefix(b"\xef\xbb\xbf")):
        return TXT
    return None


def clean_file_name(name: str, kind: FileKind) -> str:
    """The uploader's name as a harmless label: no path, no control character, right extension."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[:150] or "fichier"
    return f"{stem}{kind.extension}"


def validate_upload(upload: UploadedFile, *, field: str = "file") -> FileKind:
    """Refuse a file that is too large or not of an allowed type (400 naming ``field``)."""
    limit = max_upload_bytes()
    if upload.size is None or upload.size > limit:
        megabytes = limit / (1024 * 1024)
        raise ApplicationError(
            f"Le fichier « {upload.name} » dépasse la taille maximale de {megabytes:g} Mo.",
            code="file_too_large",
            fields={field: [f"Taille maximale : {megabytes:g} Mo."]},
        )
    if upload.size == 0:
        raise ApplicationError(
            f"Le fichier « {upload.name} » est vide.", code="file_empty",
            fields={field: ["Le fichier est vide."]},
        )
    kind = detect_kind(upload)
    if kind in (ODT, DOCX) and not inflates_safely(upload):
        raise ApplicationError(
            f"Le fichier « {upload.name} » se décompresse en un volume anormal "
            f"(au plus {MAX_INFLATED_BYTES // (1024 * 1024)} Mo, {MAX_INFLATION_RATIO} fois "
            "sa taille).",
            code="file_too_large",
            fields={field: ["Document compressé anormalement : refusé."]},
        )
    if kind is None:
        raise ApplicationError(
            f"Le type du fichier « {upload.name} » n'est pas accepté.",
            code="file_type_refused",
            fields={field: [f"Types acceptés : {ALLOWED_LABELS}."]},
        )
    return kind


def generated_upload_name(instance: StoredFile, filename: str) -> str:
    """``upload_to`` of stored files: a random name with the extension of the detected type."""
    kind = ALLOWED_KINDS.get(instance.content_type, TXT)
    now = timezone.localtime()
    return f"{instance.UPLOAD_PREFIX}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{kind.extension}"


class StoredFile(models.Model):
    """Abstract base of an uploaded file kept by the application."""

    UPLOAD_PREFIX = "uploads"

    file = models.FileField(upload_to=generated_upload_name, max_length=200)
    original_name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=80)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def fill_from(self, upload: UploadedFile, kind: FileKind) -> None:
        """Set name, type and size from a validated upload (before ``save()``)."""
        self.original_name = clean_file_name(upload.name or "", kind)
        self.content_type = kind.content_type
        self.size = upload.size
        upload.seek(0)
        self.file.save(self.original_name, upload, save=False)


def file_download_response(stored: StoredFile) -> FileResponse:
    """Serve a stored file as a download, never rendered by the browser in our origin.

    A file whose row outlived its content (a storage restored from an older backup, a
    volume lost) is a 404 in the error envelope, not a 500, and an error in the log for the
    operator, naming the row, never its name or its owner."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        logger.error("stored file missing from storage: %s %s", stored._meta.label, stored.pk)
        raise NotFoundError("Ce fichier n'est plus disponible : signalez-le à l'école.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


__all__ = [
    "ALLOWED_KINDS",
    "FileKind",
    "StoredFile",
    "clean_file_name",
    "detect_kind",
    "file_download_response",
    "generated_upload_name",
    "max_upload_bytes",
    "validate_upload",
]
