"""Role predicates every app builds on, and the DRF permission adapter of the read-only
authority roles. The predicates of one app live in that app's ``permissions.py``."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
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


def authority_only(person: str = "pk") -> ExpressionWrapper:
    """SQL for "the person ``person`` (a field of the queried model holding a person's id)
    holds an authority role and no school or family role"."""
    ref = OuterRef(person)
    return ExpressionWrapper(
        Exists(AuthorityMembership.objects.filter(person_id=ref))
        & ~Exists(StaffAssignment.objects.filter(person_id=ref))
        & ~Exists(Guardianship.objects.filter(guardian_id=ref))
        & ~Exists(Enrolment.objects.filter(pupil_id=ref)),
        output_field=BooleanField())


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
    return bool(Person.objects.filter(pk=person_id).annotate(**{AUTHORITY_ONLY: authority_only()})
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
