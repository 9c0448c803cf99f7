"""The authority app writes one thing: the access log of personal-data reads."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from preau.audit.models import AuditKind
from preau.audit.services import audit_event_record
from preau.authority.models import AccessKind, AccessLog, AccessLogSchool
from preau.people.models import AuthorityMembership


@transaction.atomic(using="default")
def access_log_record(*, viewer, kind: AccessKind, path: str, school_ids: Iterable[int],
                      row_count: int, object_id: int | None = None,
                      request=None) -> AccessLog | None:
    """One row per request (never one per pupil), linked to the schools it concerned.

    The same read is an ``authority_read`` event of the audit log, which points at this row:
    the audit log is the one journal (who, when, from where); this row keeps the detail the
    director's access-log page shows (what was read, how many rows). An account with no
    person (the operator) has no authority scope and read nothing: no row.
    """
    school_ids = sorted(set(school_ids))
    person = viewer.person
    if person is None:
        return None
    roles = sorted(set(AuthorityMembership.objects.using("default")
                       .filter(person_id=person.pk).values_list("role", flat=True)))
    log = AccessLog.objects.create(
        viewer=person, viewer_name=person.full_name, viewer_roles=",".join(roles), kind=kind,
        path=path[:500], object_id=object_id, row_count=row_count, created_at=timezone.now())
    AccessLogSchool.objects.bulk_create(
        [AccessLogSchool(access_log=log, school_id=pk) for pk in school_ids])
    audit_event_record(kind=AuditKind.AUTHORITY_READ, request=request, actor=viewer,
                       object_ref=f"access_log={log.pk} {kind}", school_ids=school_ids)
    return log
