"""Access to the links between logins and identity providers: the director of a school sees
and removes those of the people of their school this school year (its staff, its pupils
enrolled today and their guardians); the operator sees every one. Nobody else — a login's
own links are not listed to it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from preau.common.errors import NotFoundError
from preau.federation.models import FederatedIdentity
from preau.people.access import enrolments_active_on, staff_assignments_current, viewer_person_id
from preau.people.models import Guardianship, StaffAssignment, StaffRole
from preau.schools.models import School


def _is_operator(viewer) -> bool:
    return bool(getattr(viewer, "is_authenticated", False) and viewer.is_superuser)


def people_of_schools_q(school_ids, *, field: str = "person_id") -> Q:
    """The people of the schools today: their staff this school year, their pupils enrolled
    today and those pupils' guardians (a filter on ``field``)."""
    today = timezone.localdate()
    pupils = enrolments_active_on(today).filter(classroom__school_id__in=school_ids)
    staff = StaffAssignment.objects.filter(
        school_id__in=school_ids, school_year__start_date__lte=today,
        school_year__end_date__gte=today)
    guardians = Guardianship.objects.filter(pupil_id__in=pupils.values("pupil_id"))
    return (Q(**{f"{field}__in": staff.values("person_id")})
            | Q(**{f"{field}__in": pupils.values("pupil_id")})
            | Q(**{f"{field}__in": guardians.values("guardian_id")}))


def identity_schools_visible_to(viewer) -> QuerySet[School]:
    """The schools whose links the viewer manages: those they direct this school year."""
    if _is_operator(viewer):
        return School.objects.all()
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return School.objects.none()
    directed = staff_assignments_current(person_id=person_id, on=timezone.localdate()).filter(
        role=StaffRole.DIRECTOR)
    return School.objects.filter(pk__in=directed.values("school_id"))


def identity_school_get_for(viewer, school_id: int) -> School:
    school = identity_schools_visible_to(viewer).filter(pk=school_id).first()
    if school is None:
        raise NotFoundError("École introuvable.")
    return school


def identities_visible_to(viewer) -> QuerySet[FederatedIdentity]:
    if _is_operator(viewer):
        return FederatedIdentity.objects.all()
    schools = identity_schools_visible_to(viewer).values("pk")
    return FederatedIdentity.objects.filter(people_of_schools_q(schools, field="user__person_id"))


def identity_get_for(viewer, identity_id: int) -> FederatedIdentity:
    identity = (identities_visible_to(viewer).filter(pk=identity_id)
                .select_related("user").first())
    if identity is None:
        raise NotFoundError("Liaison introuvable.")
    return identity
