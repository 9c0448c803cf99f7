"""Who reads the audit log: the operator all of it, a director their schools' events."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from preau.audit.access import audit_events_visible_to, audit_schools_visible_to, is_operator
from preau.audit.models import AuditEvent
from preau.people.access import Purpose
from preau.schools.models import School


def audit_shows_connection_details(*, viewer) -> bool:
    """Addresses and browsers are for the operator (and each person on their own sessions
    page); a director sees who did what and when, not where from."""
    return is_operator(viewer)


def audit_event_list(*, viewer, filters: dict) -> QuerySet[AuditEvent]:
    """The journal the viewer reads (``audit_events_visible_to``), filtered, each event with
    the schools of it the viewer sees."""
    schools = audit_schools_visible_to(viewer, purpose=Purpose.READ)
    if filters.get("school"):
        schools = schools.filter(pk=filters["school"])
    qs = audit_events_visible_to(viewer, purpose=Purpose.READ,
                                 schools=schools if filters.get("school") else None)
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
