"""Database errors answer 503 in the error envelope with Retry-After, on any database.

The PostgreSQL tests next to this file prove it against a real restart and a real
``statement_timeout``; these run everywhere (SQLite too) by making the database fail.
"""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class QueryCanceled(Exception):
    """Stands for psycopg.errors.QueryCanceled, the cause Django keeps on its error."""


def failing_execute(error: Exception):
    def execute(self, sql, params=None):
        raise error

    return execute


@pytest.mark.parametrize("error", [
    OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
    InterfaceError("connection already closed"),
])
def test_a_lost_database_is_a_503_with_retry_after(client, monkeypatch, error):
    monkeypatch.setattr(CursorWrapper, "execute", failing_execute(error))

    response = client.get("/api/v1/health/")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_unavailable"
    assert "indisponible" in response.json()["error"]["message"]
    assert int(response["Retry-After"]) > 0


def test_a_cancelled_statement_is_a_503_database_timeout(client, monkeypatch):
    error = OperationalError("canceling statement due to statement timeout")
    error.__cause__ = QueryCanceled()
    monkeypatch.setattr(CursorWrapper, "execute", failing_execute(error))

    response = client.get("/api/v1/health/")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_timeout"
    assert int(response["Retry-After"]) > 0


def test_a_page_outside_the_api_answers_503_too(client, monkeypatch):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    monkeypatch.setattr(CursorWrapper, "execute", failing_execute(
        OperationalError("server closed the connection unexpectedly")))

    response = client.get("/admin/")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert int(response["Retry-After"]) > 0
