"""Who reads the audit log: the operator all of it, a director their schools' events."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from preau.audit.models import AuditEvent, AuditEventSchool
from preau.people.models import StaffAssignment, StaffRole
from preau.schools.models import School


def is_operator(user) -> bool:
    """Staff accounts run the platform (docs/decisions.md); they see the whole log."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def audit_shows_connection_details(*, viewer) -> bool:
    """Addresses and browsers are for the operator (and each person on their own sessions
    page); a director sees who did what and when, not where from."""
    return is_operator(viewer)


def audit_events_visible_to(*, viewer, filters: dict) -> QuerySet[AuditEvent]:
    """Events concerning the schools the viewer directs (their users' logins and refusals,
    the authorities' reads of their pupils), or every event for an operator."""
    if is_operator(viewer):
        schools = School.objects.all()
        qs = AuditEvent.objects.all()
    elif viewer.is_authenticated and viewer.person_id is not None:
        schools = School.objects.filter(pk__in=StaffAssignment.objects.filter(
            person_id=viewer.person_id, role=StaffRole.DIRECTOR).values("school_id"))
        qs = AuditEvent.objects.filter(pk__in=AuditEventSchool.objects.filter(
            school__in=schools).values("event_id"))
    else:
        return AuditEvent.objects.none()
    if filters.get("school"):
        schools = schools.filter(pk=filters["school"])
        qs = qs.filter(pk__in=AuditEventSchool.objects.filter(
            school__in=schools).values("event_id"))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("username"):
        qs = qs.filter(username__iexact=filters["username"])
    if filters.get("date_from"):
        qs = qs.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(created_at__date__lte=filters["date_to"])
    return qs.prefetch_related(Prefetch(
        "schools", queryset=School.objects.filter(pk__in=schools.values("pk")).order_by("name"),
        to_attr="visible_schools")).order_by("-created_at", "-pk")
