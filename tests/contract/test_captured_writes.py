"""The role matrix's proof that a refusal changes nothing rests on this capture: it must see
every data-changing statement, whichever way it is sent, and only those."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from preau.schools.models import School
from tests.factories import SchoolFactory
from tests.writes import captured_writes

pytestmark = pytest.mark.django_db


def test_every_kind_of_write_is_captured():
    school = SchoolFactory()
    with captured_writes() as writes:
        School.objects.filter(pk=school.pk).update(name="École renommée")
        SchoolFactory()
        School.objects.filter(pk=school.pk).delete()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE schools_school SET name = %s", ["Brut"])
    assert len(writes) >= 4
    assert any(sql.lstrip().upper().startswith("UPDATE") for sql in writes)
    assert any(sql.lstrip().upper().startswith("INSERT") for sql in writes)
    assert any(sql.lstrip().upper().startswith("DELETE") for sql in writes)


def test_reads_and_session_bookkeeping_are_not_writes():
    SchoolFactory()
    with captured_writes() as writes:
        list(School.objects.all())
        School.objects.count()
        Session.objects.filter(pk="absent").update(expire_date=timezone.now())
    assert writes == []


def test_unions_and_common_table_expressions_that_only_read_are_not_writes():
    SchoolFactory()
    with captured_writes() as writes, connection.cursor() as cursor:
        # PostgreSQL's UNIONs (as Django writes them) start with a parenthesis.
        union = ("(SELECT id FROM schools_school) UNION (SELECT id FROM schools_school)"
                 if connection.vendor == "postgresql"
                 else "SELECT id FROM schools_school UNION SELECT id FROM schools_school")
        cursor.execute(union)
        cursor.execute("WITH ids AS (SELECT id FROM schools_school) SELECT count(*) FROM ids")
    assert writes == []
    with captured_writes() as writes, connection.cursor() as cursor:
        cursor.execute("WITH gone AS (SELECT id FROM schools_school) "
                       "DELETE FROM schools_school WHERE id IN (SELECT id FROM gone)")
    assert len(writes) == 1
