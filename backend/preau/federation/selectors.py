"""Reads of the federation app: the links of a school's people, the configured providers."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from preau.federation.access import people_of_schools_q
from preau.federation.models import FederatedIdentity
from preau.federation.providers import provider_find, providers_all
from preau.people.access import enrolments_active_on
from preau.people.models import Guardianship, StaffAssignment, StaffRole
from preau.schools.models import School

ROLE_LABELS = {"director": "Direction", "teacher": "Enseignant·e", "guardian": "Responsable",
               "pupil": "Élève"}


def school_identities(*, school: School) -> QuerySet[FederatedIdentity]:
    """The links of the school's people (``people_of_schools_q``), each with the person's
    role there (``identity_school_role``), newest first; one query whatever their number."""
    today = timezone.localdate()
    staff = StaffAssignment.objects.filter(
        school=school, school_year__start_date__lte=today, school_year__end_date__gte=today,
        person_id=OuterRef("user__person_id"))
    pupils = enrolments_active_on(today).filter(classroom__school=school)
    return (FederatedIdentity.objects
            .filter(people_of_schools_q([school.pk], field="user__person_id"))
            .select_related("user__person")
            .annotate(is_director=Exists(staff.filter(role=StaffRole.DIRECTOR)),
                      is_teacher=Exists(staff.filter(role=StaffRole.TEACHER)),
                      is_pupil=Exists(pupils.filter(pupil_id=OuterRef("user__person_id"))),
                      is_guardian=Exists(Guardianship.objects.filter(
                          guardian_id=OuterRef("user__person_id"),
                          pupil_id__in=pupils.values("pupil_id"))))
            .order_by("-linked_at", "-pk"))


def identity_school_role(identity: FederatedIdentity) -> str:
    for role in ("director", "teacher", "guardian", "pupil"):
        if getattr(identity, f"is_{role}", False):
            return role
    return ""


def provider_label(*, protocol: str, key: str) -> str:
    provider = provider_find(protocol=protocol, key=key)
    return provider.label if provider is not None else key


def providers_public() -> list[dict]:
    """The providers a sign-in page offers: key, protocol, label, audience and the path
    that starts the sign-in (``sign_in_path``)."""
    return [{"key": p.key, "protocol": p.protocol, "label": p.label, "audience": p.audience,
             "sign_in_path": p.sign_in_path} for p in providers_all()]
