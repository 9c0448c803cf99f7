"""What the web app needs to know about the viewer on every page."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from preau.people.models import AuthorityRole, Guardianship, Person, StaffRole
from preau.people.selectors import (
    authority_memberships_of,
    children_of,
    current_enrolments_for,
    enrolments_active_on,
    staff_assignments_current,
    viewer_roles,
)
from preau.schools.models import Classroom, School

ROLE_LABELS = {
    AuthorityRole.COMMUNE: "Commune de {commune}",
    AuthorityRole.INSPECTOR: "{circonscription}",
    AuthorityRole.DASEN: "Département {departement}",
}


def me_get(*, viewer) -> dict:
    person = viewer.person
    data = {
        "id": viewer.pk,
        "username": viewer.username,
        "display_name": person.full_name if person else viewer.get_username(),
        "language": viewer.language,
        "roles": viewer_roles(viewer=viewer),
        "person": person,
        "children": [],
        "classrooms": [],
        "schools": [],
        "authority_scopes": [],
    }
    if person is None:
        return data

    children = list(children_of(guardian_id=person.pk))
    own_and_children = [person.pk, *(child.pk for child in children)]
    enrolments = current_enrolments_for(pupil_ids=own_and_children)
    data["children"] = [
        {"pupil": child, "enrolment": enrolments.get(child.pk)} for child in children
    ]

    today = timezone.localdate()
    assignments = list(
        staff_assignments_current(person_id=person.pk, on=today).select_related(
            "school__commune", "school_year"
        )
    )
    taught_ids = [a.classroom_id for a in assignments if a.role == StaffRole.TEACHER]
    data["classrooms"] = list(
        Classroom.objects.filter(pk__in=taught_ids).select_related("school", "school_year")
    )

    schools: dict[int, dict] = {}
    for assignment in sorted(assignments, key=lambda a: a.role != StaffRole.DIRECTOR):
        schools.setdefault(
            assignment.school_id, {"school": assignment.school, "role": assignment.role}
        )
    family_school_ids = {
        enrolment.classroom.school_id: ("pupil" if pupil_id == person.pk else "guardian")
        for pupil_id, enrolment in enrolments.items()
    }
    missing = [pk for pk in family_school_ids if pk not in schools]
    for school in School.objects.filter(Q(pk__in=missing)).select_related("commune"):
        schools[school.pk] = {"school": school, "role": family_school_ids[school.pk]}
    data["schools"] = list(schools.values())

    data["authority_scopes"] = [
        {
            "role": membership.role,
            "label": ROLE_LABELS[membership.role].format(
                commune=membership.commune,
                circonscription=membership.circonscription,
                departement=membership.departement,
            ),
            "departement_id": membership.departement_id,
        }
        for membership in authority_memberships_of(person_id=person.pk)
    ]
    return data


def guardians_without_account(*, school: School, classroom: Classroom | None = None,
                              on=None) -> list[tuple[Person, list[Person]]]:
    """The guardians of the pupils enrolled today in the school (or the classroom) who have
    no login yet, each with those children. Two queries whatever the number of families."""
    on = on or timezone.localdate()
    enrolled = enrolments_active_on(on).filter(classroom__school=school)
    if classroom is not None:
        enrolled = enrolled.filter(classroom=classroom)
    links = (Guardianship.objects
             .filter(pupil_id__in=enrolled.values("pupil_id"), guardian__user__isnull=True)
             .select_related("guardian", "pupil")
             .order_by("guardian__last_name", "guardian__first_name", "guardian_id",
                       "pupil__first_name"))
    families: dict[int, tuple[Person, list[Person]]] = {}
    for link in links:
        families.setdefault(link.guardian_id, (link.guardian, []))[1].append(link.pupil)
    return list(families.values())


# --- Sessions ----------------------------------------------------------------------------


_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("SamsungBrowser/", "Samsung Internet"), ("Chrome/", "Chrome"),
             ("Chromium/", "Chromium"), ("Safari/", "Safari")]
_SYSTEMS = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux")]


def device_from_user_agent(user_agent: str) -> str:
    """A short label such as "Firefox · Android"; empty when nothing is recognised."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)
