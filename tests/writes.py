"""What a request wrote, captured at the database cursor.

The role matrix proves that a refused request changes nothing. Hashing every table before
and after each request proved it too, at the price of about sixty full-table reads per
request; capturing the statements is exact and costs nothing: a request that issues no
INSERT, UPDATE or DELETE (nor any other data-changing statement) on any database cannot
have changed a row. Django's ``execute_wrapper`` sees every statement sent through its
cursors, raw SQL included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.apps import apps
from django.db import connections

# Statements that read, or only delimit transactions and set session options.
# (A UNION of SELECTs starts with a parenthesis on PostgreSQL.)
READ_ONLY = re.compile(
    r"[\s(]*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|EXPLAIN|PRAGMA|VALUES)\b",
    re.IGNORECASE,
)
# A common table expression reads, unless one of its parts writes.
READ_ONLY_WITH = re.compile(r"\s*WITH\b(?!.*\b(INSERT|UPDATE|DELETE)\b)", re.IGNORECASE | re.DOTALL)
WRITE_TARGET = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?",
    re.IGNORECASE,
)
# A refusal is written to the audit journal (asserted in tests/audit), and any request may
# record the session's last use (idle timeout): neither is a side effect of the request.
BOOKKEEPING_APPS = {"audit"}
BOOKKEEPING_MODELS = {"sessions.Session"}


def bookkeeping_tables() -> set[str]:
    return {
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in BOOKKEEPING_APPS or model._meta.label in BOOKKEEPING_MODELS
    }


@contextmanager
def captured_writes() -> Iterator[list[str]]:
    """Yield a list that receives every data-changing statement (other than bookkeeping)
    sent to any database inside the block."""
    allowed = bookkeeping_tables()
    writes: list[str] = []

    def record(execute, sql, params, many, context):
        if not (READ_ONLY.match(sql) or READ_ONLY_WITH.match(sql)):
            target = WRITE_TARGET.match(sql)
            if target is None or target.group(1) not in allowed:
                writes.append(sql)
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(record))
        yield writes
