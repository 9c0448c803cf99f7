"""Role predicates every app builds on, and the DRF permission adapter of the read-only
authority roles. The predicates of one app live in that app's ``permissions.py``."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from rest_framework.permissions import SAFE_METHODS, BasePermission

from preau.people.models import (
    AuthorityMembership,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
)

# The attribute under which an account loaded by the session's authentication backend
# (``preau.accounts.backends.SessionAccountBackend``) carries :func:`authority_only`,
# read in the same query as the account.
AUTHORITY_ONLY = "holds_authority_role_only"


def _column(model, field: str) -> str:
    quote = connection.ops.quote_name
    column = model._meta.pk.column if field == "pk" else model._meta.get_field(field).column
    return f"{quote(model._meta.db_table)}.{quote(column)}"


def authority_only(model, field: str = "pk") -> RawSQL:
    """SQL for "the person whose id is ``model.field`` holds an authority role and no school
    or family role", to annotate a query on ``model``.

    Written as SQL text (the same on PostgreSQL and SQLite; tables and columns from the
    models' ``_meta``) rather than four ORM subqueries: every signed-in request reads it,
    and the ORM compiles four ``Exists`` each time (about 1.4 ms of CPU, against 0.1 for
    the account's query alone)."""
    person = _column(model, field)
    clauses = []
    for related, column, negated in ((AuthorityMembership, "person", False),
                                     (StaffAssignment, "person", True),
                                     (Guardianship, "guardian", True),
                                     (Enrolment, "pupil", True)):
        table = connection.ops.quote_name(related._meta.db_table)
        # Quoted table and column names of the models: no value from outside.
        exists = f"EXISTS (SELECT 1 FROM {table} WHERE {_column(related, column)} = {person})"  # noqa: S608  # nosec B608
        clauses.append(f"NOT {exists}" if negated else exists)
    return RawSQL(" AND ".join(clauses), [], output_field=BooleanField())  # noqa: S611  # nosec B611


def is_authority_only(user) -> bool:
    """True for a commune officer, IEN or DASEN who holds no school or family role.

    Free for the account of a signed-in session (read with it, ``AUTHORITY_ONLY``); one
    query for an account loaded otherwise."""
    known = getattr(user, AUTHORITY_ONLY, None)
    if known is not None:
        return bool(known)
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return False
    return bool(Person.objects.filter(pk=person_id)
                .annotate(**{AUTHORITY_ONLY: authority_only(Person)})
                .values_list(AUTHORITY_ONLY, flat=True).first())


class ReadOnlyForAuthorities(BasePermission):
    """Commune officers, inspectors and DASEN read; they write only where a view says so.

    A view opts in with ``authority_may_write = True`` (e.g. writing to a director).
    """

    message = "Ce compte est en lecture seule."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or getattr(view, "authority_may_write", False):
            return True
        return not is_authority_only(request.user)
