"""Role predicates every app builds on, and the DRF permission adapter of the read-only
authority roles. The predicates of one app live in that app's ``permissions.py``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from rest_framework.permissions import SAFE_METHODS, BasePermission

from preau.people.models import (
    AuthorityMembership,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
)


def is_authority_only(user) -> bool:
    """True for a commune officer, IEN or DASEN who holds no school or family role."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return False
    # Most writers hold no authority role: one indexed lookup answers for them.
    if not AuthorityMembership.objects.filter(person_id=person_id).exists():
        return False
    row = (
        Person.objects.filter(pk=person_id)
        .annotate(
            authority=Exists(AuthorityMembership.objects.filter(person_id=OuterRef("pk"))),
            staff=Exists(StaffAssignment.objects.filter(person_id=OuterRef("pk"))),
            guardian=Exists(Guardianship.objects.filter(guardian_id=OuterRef("pk"))),
            pupil=Exists(Enrolment.objects.filter(pupil_id=OuterRef("pk"))),
        )
        .values("authority", "staff", "guardian", "pupil")
        .first()
    )
    return bool(row and row["authority"] and not (row["staff"] or row["guardian"] or row["pupil"]))


class ReadOnlyForAuthorities(BasePermission):
    """Commune officers, inspectors and DASEN read; they write only where a view says so.

    A view opts in with ``authority_may_write = True`` (e.g. writing to a director).
    """

    message = "Ce compte est en lecture seule."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or getattr(view, "authority_may_write", False):
            return True
        return not is_authority_only(request.user)
