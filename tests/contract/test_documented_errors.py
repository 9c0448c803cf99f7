"""The committed schema documents each error status where it can happen, in the envelope."""

import re
from pathlib import Path

import pytest
import yaml

from preau.common.files import ALLOWED_KINDS

SCHEMA = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "backend/openapi/schema.yaml").read_text())
OPERATIONS = [(method, path, operation) for path, item in SCHEMA["paths"].items()
              for method, operation in item.items()]
ENVELOPE = {"$ref": "#/components/schemas/ErrorOutput"}


def documented(operation, status: int) -> bool:
    response = operation["responses"].get(str(status))
    return response is not None and response["content"]["application/json"]["schema"] == ENVELOPE


def test_every_operation_documents_the_database_503():
    assert all(documented(op, 503) for _, _, op in OPERATIONS)


def test_statuses_follow_what_the_operation_takes():
    for method, path, op in OPERATIONS:
        params = {(p["in"], p["name"]) for p in op.get("parameters", [])}
        label = f"{method} {path}"
        if op.get("requestBody"):
            assert all(documented(op, s) for s in (400, 415)), label
        if any(place == "path" for place, _ in params):
            assert documented(op, 404), label
        if method in {"post", "put", "patch", "delete"}:
            assert documented(op, 403), label
        if ("header", "If-Match") in params:
            assert all(documented(op, s) for s in (412, 428)), label
        if ("header", "Idempotency-Key") in params:
            assert documented(op, 422), label
        if op.get("security") and {} not in op["security"]:
            assert documented(op, 401), label


def test_the_public_operations_document_no_401():
    public = {path for _, path, op in OPERATIONS if not op.get("security")}
    assert "/api/v1/health/" in public
    assert all("401" not in SCHEMA["paths"][path]["get"]["responses"]
               for path in public if "get" in SCHEMA["paths"][path])


@pytest.mark.parametrize("path", ["/api/v1/homework/attachments/{attachment_id}/",
                                  "/api/v1/messaging/attachments/{attachment_id}/",
                                  "/api/v1/attendance/absences/{absence_id}/document/"])
def test_downloads_document_every_type_an_upload_may_have(path):
    content = SCHEMA["paths"][path]["get"]["responses"]["200"]["content"]
    assert set(content) == set(ALLOWED_KINDS)


def test_times_are_described_as_the_api_writes_them():
    """"08:30:00": no RFC 3339 offset, so a pattern and not format "time"."""
    slot = SCHEMA["components"]["schemas"]["SlotOutput"]["properties"]["start_time"]
    assert "format" not in slot
    assert all(re.match(slot["pattern"], t) for t in ["08:30", "08:30:00", "23:59:59.500000"])
    assert not any(re.match(slot["pattern"], t) for t in ["24:00", "8:30", "08:30:00Z"])
    text = yaml.safe_dump(SCHEMA)
    assert "format: time\n" not in text
