"""On PostgreSQL the audit log is append-only in the database itself: a trigger refuses every
UPDATE and DELETE, whoever sends it, except the deletes of the retention purge (which sets
``preau.audit_purge`` for its own transaction). Run on a private cluster, with the real
migrations and the real ``purge_expired`` command."""

from __future__ import annotations

import os

import psycopg
import pytest

from tests.reliability.postgres import PostgresCluster, manage, postgres_bin_dir


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    if postgres_bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing (apt-get install postgresql)")
        pytest.skip("PostgreSQL server binaries are not installed")
    cluster = PostgresCluster().init().start()
    try:
        url = cluster.create_database("preau_audit")
        var_dir = tmp_path_factory.mktemp("audit")
        manage("migrate", "--noinput", database_url=url, var_dir=var_dir)
        yield url, var_dir
    finally:
        cluster.destroy()


def insert_event(connection, username: str, age_days: int) -> int:
    return connection.execute(
        "INSERT INTO audit_auditevent (kind, username, actor_name, method, path, object_ref, "
        "user_agent, created_at) VALUES ('login_failed', %s, '', 'POST', '/login/', '', '', "
        "now() - make_interval(days => %s)) RETURNING id", [username, age_days]).fetchone()[0]


def test_the_database_refuses_to_change_or_delete_an_audit_row_but_the_purge_may(migrated):
    url, var_dir = migrated
    with psycopg.connect(url, autocommit=True) as connection:
        old = insert_event(connection, "ancien", 400)
        recent = insert_event(connection, "recent", 10)
        connection.execute("INSERT INTO audit_auditeventschool (event_id, school_id) "
                           "VALUES (%s, 1)", [old])

        for statement, pk in [("UPDATE audit_auditevent SET username = 'x' WHERE id = %s", old),
                              ("DELETE FROM audit_auditevent WHERE id = %s", recent),
                              ("DELETE FROM audit_auditeventschool WHERE event_id = %s", old)]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                connection.execute(statement, [pk])

        output = manage("purge_expired", "--kind", "audit_events", database_url=url,
                        var_dir=var_dir)
        remaining = connection.execute(
            "SELECT username FROM audit_auditevent ORDER BY id").fetchall()
        links = connection.execute("SELECT count(*) FROM audit_auditeventschool").fetchone()[0]
        # The purge's permission ends with its transaction.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("DELETE FROM audit_auditevent WHERE id = %s", [recent])

    assert "1 supprimé(s)" in output
    assert remaining == [("recent",)]
    assert links == 0
