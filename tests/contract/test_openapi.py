from pathlib import Path

import yaml
from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[2] / "backend" / "openapi" / "schema.yaml"


def test_committed_openapi_schema_equals_a_fresh_generation(tmp_path):
    fresh = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(fresh))
    assert fresh.read_text() == SCHEMA.read_text(), (
        "backend/openapi/schema.yaml is stale: run `make schema` and commit the result"
    )


def test_every_operation_documents_its_errors_and_has_a_tag():
    schema = yaml.safe_load(SCHEMA.read_text())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("tags"), f"{method.upper()} {path} has no tag"
            security = operation.get("security", [])
            if not security or {} in security:
                continue  # public, or open to anonymous callers (login, logout)
            assert "401" in operation["responses"], f"{method.upper()} {path} misses 401"
