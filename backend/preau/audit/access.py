"""Access to the audit journal: the operator reads all of it, a director the events of the
schools they direct (their users' logins and refusals, the authorities' reads of their
pupils)."""

from __future__ import annotations

from django.db.models import QuerySet

from preau.audit.models import AuditEvent, AuditEventSchool
from preau.people.access import Purpose, viewer_person_id
from preau.people.models import StaffAssignment, StaffRole
from preau.schools.models import School


def is_operator(user) -> bool:
    """Staff accounts run the platform (docs/decisions.md); they see the whole log."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def audit_schools_visible_to(viewer, *, purpose: Purpose) -> QuerySet[School]:
    """READ: the schools whose events the viewer reads: every one for the operator, those
    the viewer directs (any school year) for a director."""
    if purpose != Purpose.READ:
        raise ValueError(f"No audit access for {purpose!r}.")
    if is_operator(viewer):
        return School.objects.all()
    person_id = viewer_person_id(viewer)
    if person_id is None:
        return School.objects.none()
    return School.objects.filter(pk__in=StaffAssignment.objects.filter(
        person_id=person_id, role=StaffRole.DIRECTOR).values("school_id"))


def audit_events_visible_to(viewer, *, purpose: Purpose,
                            schools: QuerySet[School] | None = None) -> QuerySet[AuditEvent]:
    """READ: every event for the operator; for a director, the events concerning the
    schools they direct (of ``schools`` only, when given: a subset of those)."""
    visible = audit_schools_visible_to(viewer, purpose=purpose)
    if schools is not None:
        visible = visible.filter(pk__in=schools.values("pk"))
    if is_operator(viewer) and schools is None:
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(pk__in=AuditEventSchool.objects.filter(
        school__in=visible).values("event_id"))
