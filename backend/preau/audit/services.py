"""Writes to the audit log. Each event is one insert (plus its schools), committed with the
transaction around it, or on its own when there is none."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from preau.audit.models import AuditEvent, AuditEventSchool, AuditKind
from preau.common.client_address import client_ip
from preau.common.exceptions import REFUSALS_NOTED
from preau.people.access import family_pupil_ids
from preau.people.models import Enrolment, StaffAssignment
from preau.schools.models import School

# The purge sets this for its own transaction only (``SET LOCAL``); the PostgreSQL trigger
# refuses every UPDATE and every DELETE without it (migration 0002).
PURGE_SETTING = "preau.audit_purge"


def allow_purge(rows: QuerySet) -> None:
    """``before_delete`` of the retention kind: lets this transaction's deletes through."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])


def _address(request) -> str | None:
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def _route(request) -> tuple[str, str]:
    """The URL pattern (``/api/v1/…/<id:pupil_id>/``) and the ids of the path.

    Never the path itself nor the query string: an iCal feed's secret is in its path, and
    a query string may carry anything.
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "", ""
    ids = ", ".join(f"{name}={value}" for name, value in sorted(match.kwargs.items())
                    if isinstance(value, int))
    return "/" + match.route, ids


def school_ids_of(user) -> list[int]:
    """The schools of an account: where it works, where it (or its children) is enrolled."""
    person_id = getattr(user, "person_id", None) if user is not None else None
    if person_id is None:
        return []
    enrolled = Enrolment.objects.filter(pupil_id__in=family_pupil_ids(person_id=person_id))
    return list(School.objects.filter(
        Q(pk__in=StaffAssignment.objects.filter(person_id=person_id).values("school_id"))
        | Q(pk__in=enrolled.values("classroom__school_id"))).values_list("pk", flat=True))


def _account_named(username: str):
    """The account a failed or blocked login tried, so that its school's director sees it.

    The user model through Django's ``get_user_model()``: ``accounts`` stands above the
    audit log (its services write to it), as every reusable app reaches the user model."""
    return get_user_model().objects.filter(username=username).first() if username else None


def _name(user) -> str:
    person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    if person is not None:
        return person.full_name[:250]
    return (user.get_full_name() or "")[:250]


@transaction.atomic
def audit_event_record(*, kind: AuditKind, request=None, actor=None, username: str = "",
                       path: str = "", object_ref: str = "", sign_in_method: str = "",
                       school_ids: Iterable[int] | None = None) -> AuditEvent:
    """Append one event. ``actor`` is the account (if known); ``username`` what was typed."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    route, ids = _route(request) if request is not None else ("", "")
    if school_ids is None:
        school_ids = school_ids_of(actor or _account_named(username))
    event = AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        username=(actor.get_username() if actor is not None else username)[:150],
        actor_name=_name(actor) if actor is not None else "",
        method=(request.method or "")[:10] if request is not None else "",
        path=(path or route or (request.path if request is not None else ""))[:300],
        object_ref=(object_ref or ids)[:200],
        ip_address=_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        sign_in_method=sign_in_method[:80],
        created_at=timezone.now(),
    )
    AuditEventSchool.objects.bulk_create(
        [AuditEventSchool(event=event, school_id=pk) for pk in sorted(set(school_ids))])
    return event


def audit_pending_write(*, request) -> None:
    """Writes the refusals the API's error handler noted on the request
    (``preau.common.exceptions.REFUSALS_NOTED``)."""
    for note in request.__dict__.pop(REFUSALS_NOTED, []):
        _route_pattern, ids = _route(request)
        audit_event_record(request=request, kind=AuditKind.PERMISSION_DENIED,
                           actor=note["actor"], object_ref=f"{note['code']} {ids}".strip())
