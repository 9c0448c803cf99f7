"""Reads of people: the viewer's own ties, the pupil lists, retention.

Who may see which school, classroom, pupil and person is ``preau.people.access``; every
list here starts from it.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from preau.people.access import (
    Purpose,
    enrolments_active_on,
    pupils_visible_to,
    staff_assignments_current,
    viewer_person_id,
)
from preau.people.models import (
    AuthorityMembership,
    AuthorityRole,
    Enrolment,
    Guardianship,
    Person,
    StaffAssignment,
    StaffRole,
)

# A commune sees no pupil count under this (DESIGN §8): "moins de 5 élèves".
SMALL_COUNT = 5


def _today(on: date | None) -> date:
    return on or timezone.localdate()


# --- The viewer's own ties, for the "me" answer ----------------------------------------


def viewer_roles(*, viewer, on: date | None = None) -> list[str]:
    """The roles a user holds today, in a stable order."""
    person_id = viewer_person_id(viewer)
    roles: list[str] = []
    if viewer.is_superuser or viewer.is_staff:
        roles.append("operator")
    if person_id is None:
        return roles
    on = _today(on)
    # One query: a flag per role (was three queries, the staff's and authority's roles apart).
    staff = staff_assignments_current(person_id=person_id, on=on)
    authority = AuthorityMembership.objects.filter(person_id=person_id)
    staff_roles = (StaffRole.TEACHER, StaffRole.DIRECTOR)
    flags = (
        Person.objects.filter(pk=person_id)
        .annotate(
            is_pupil=Exists(enrolments_active_on(on).filter(pupil_id=OuterRef("pk"))),
            is_guardian=Exists(Guardianship.objects.filter(guardian_id=OuterRef("pk"))),
            **{f"is_{role}": Exists(staff.filter(role=role)) for role in staff_roles},
            **{f"is_{role}": Exists(authority.filter(role=role)) for role in AuthorityRole.values},
        )
        .values("is_pupil", "is_guardian", *[f"is_{role}" for role in staff_roles],
                *[f"is_{role}" for role in AuthorityRole.values])
        .first()
    ) or {}
    if flags.get("is_pupil"):
        roles.append("pupil")
    if flags.get("is_guardian"):
        roles.append("guardian")
    roles += [role for role in staff_roles if flags.get(f"is_{role}")]
    roles += [role for role in AuthorityRole.values if flags.get(f"is_{role}")]
    return [str(role) for role in roles]


def children_of(*, guardian_id: int) -> QuerySet[Person]:
    return Person.objects.filter(guardianships__guardian_id=guardian_id).order_by(
        "birth_date", "first_name"
    )


def current_enrolments_for(*, pupil_ids, on: date | None = None) -> dict[int, Enrolment]:
    on = _today(on)
    rows = enrolments_active_on(on).filter(pupil_id__in=pupil_ids).select_related(
        "classroom__school"
    )
    return {enrolment.pupil_id: enrolment for enrolment in rows}


def authority_memberships_of(*, person_id: int) -> QuerySet[AuthorityMembership]:
    return AuthorityMembership.objects.filter(person_id=person_id).select_related(
        "commune", "circonscription", "departement"
    )


# --- Lists ------------------------------------------------------------------------------


def _current_enrolment(on: date) -> Prefetch:
    return Prefetch("enrolments",
                    queryset=enrolments_active_on(on).select_related("classroom__school"),
                    to_attr="current_enrolments")


def _with_current_enrolment(qs: QuerySet[Person], *, on: date) -> QuerySet[Person]:
    return qs.prefetch_related(_current_enrolment(on))


def pupil_list(*, viewer, filters: dict | None = None) -> QuerySet[Person]:
    filters = filters or {}
    on = timezone.localdate()
    qs = pupils_visible_to(viewer, purpose=Purpose.READ, on=on)
    if filters.get("classroom"):
        qs = qs.filter(
            pk__in=enrolments_active_on(on)
            .filter(classroom_id=filters["classroom"])
            .values("pupil_id")
        )
    if filters.get("school"):
        qs = qs.filter(
            pk__in=enrolments_active_on(on)
            .filter(classroom__school_id=filters["school"])
            .values("pupil_id")
        )
    if filters.get("search"):
        term = filters["search"]
        qs = qs.filter(Q(last_name__icontains=term) | Q(first_name__icontains=term))
    return _with_current_enrolment(qs, on=on).order_by("last_name", "first_name", "pk")


def pupil_detail(*, pupil: Person) -> Person:
    """A pupil the gate let through, with today's enrolment (one query)."""
    on = timezone.localdate()
    prefetch_related_objects([pupil], _current_enrolment(on))
    return pupil


# --- Retention: families who left ------------------------------------------------------------


def persons_who_left(*, before: date) -> QuerySet[Person]:
    """Pupils and guardians whose school life here ended before ``before``: no enrolment of
    theirs, and none of a child of theirs, runs on that day or later; never a member of
    staff or of an authority; never someone created since (docs/operations.md)."""
    ongoing = Q(end_date__isnull=True) | Q(end_date__gte=before)
    return (Person.objects.filter(created_at__date__lt=before)
            .exclude(Exists(Enrolment.objects.filter(ongoing, pupil_id=OuterRef("pk"))))
            .exclude(Exists(Enrolment.objects.filter(
                ongoing, pupil__guardianships__guardian_id=OuterRef("pk"))))
            .exclude(Exists(StaffAssignment.objects.filter(person_id=OuterRef("pk"))))
            .exclude(Exists(AuthorityMembership.objects.filter(person_id=OuterRef("pk")))))


def persons_nothing_kept_refers_to() -> QuerySet[Person]:
    """Persons no row that the database protects refers to (an enrolment the register still
    keeps, an absence, a roll call taken…): those a purge may delete."""
    persons = Person.objects.all()
    for relation in Person._meta.get_fields(include_hidden=True):
        if (relation.auto_created and not relation.concrete
                and getattr(relation, "on_delete", None) is models.PROTECT):
            persons = persons.exclude(Exists(relation.related_model._default_manager.filter(
                **{relation.field.name: OuterRef("pk")})))
    return persons
