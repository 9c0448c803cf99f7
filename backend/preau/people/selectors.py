"""Reads of people: the viewer's own ties, the pupil lists, retention.

Who may see which school, classroom, pupil and person is ``preau.people.access``; every
list here starts from it.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from preau.people.access import (
    Purpose,
    enrolments_active_on,
    pupils_visible_to,
    staff_assignments_current,  # noqa: F401 - read from here by accounts and messaging
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
from preau.schools.models import SchoolYear

# A commune sees no pupil count under this (DESIGN §8): "moins de 5 élèves".
SMALL_COUNT = 5


def _today(on: date | None) -> date:
    return on or timezone.localdate()


# --- The viewer's own ties, for the "me" answer ----------------------------------------


# The roles a person holds on a date, in one statement (plain SQL: compiling the seven
# ``Exists`` of the same query took a tenth of the home page's CPU, docs/benchmarks.md,
# scenario 8). The same ties as ``enrolments_active_on`` (a pupil), ``children_ids`` (a
# guardian), ``staff_assignments_current`` (teacher, director) and the authority
# memberships; tests/people and tests/today check each role.
def _roles_sql() -> str:
    """The statement, with the models' own table names (``Model._meta.db_table``)."""
    enrolment, guardianship = Enrolment._meta.db_table, Guardianship._meta.db_table
    staff, year = StaffAssignment._meta.db_table, SchoolYear._meta.db_table
    authority = AuthorityMembership._meta.db_table
    # The models' table names, no input.
    return (
        f"SELECT 'pupil' WHERE EXISTS (SELECT 1 FROM {enrolment} WHERE pupil_id = %(person)s"  # noqa: S608  # nosec B608
        " AND start_date <= %(on)s AND (end_date IS NULL OR end_date >= %(on)s))"
        " UNION ALL SELECT 'guardian' WHERE EXISTS ("
        f"SELECT 1 FROM {guardianship} WHERE guardian_id = %(person)s)"
        f" UNION ALL SELECT DISTINCT staff.role FROM {staff} staff"
        f" JOIN {year} year ON year.id = staff.school_year_id"
        " WHERE staff.person_id = %(person)s AND year.start_date <= %(on)s"
        " AND year.end_date >= %(on)s"
        f" UNION ALL SELECT DISTINCT role FROM {authority} WHERE person_id = %(person)s"
    )


def viewer_roles(*, viewer, on: date | None = None) -> list[str]:
    """The roles a user holds today, in a stable order."""
    person_id = viewer_person_id(viewer)
    roles: list[str] = []
    if viewer.is_superuser or viewer.is_staff:
        roles.append("operator")
    if person_id is None:
        return roles
    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(), {"person": person_id, "on": _today(on)})
        held = {row[0] for row in cursor.fetchall()}
    order = ["pupil", "guardian", StaffRole.TEACHER, StaffRole.DIRECTOR, *AuthorityRole.values]
    return roles + [str(role) for role in order if role in held]


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
