"""The authority app writes one thing: the access log of personal-data reads."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from preau.authority.models import AccessKind, AccessLog, AccessLogSchool
from preau.people.models import AuthorityMembership


@transaction.atomic(using="default")
def access_log_record(*, viewer, kind: AccessKind, path: str, school_ids: Iterable[int],
                      row_count: int, object_id: int | None = None) -> AccessLog | None:
    """One row per request (never one per pupil), linked to the schools it concerned.

    An account with no person (the operator) has no authority scope and read nothing: no row.
    """
    person = viewer.person
    if person is None:
        return None
    roles = sorted(set(AuthorityMembership.objects.using("default")
                       .filter(person_id=person.pk).values_list("role", flat=True)))
    log = AccessLog.objects.create(
        viewer=person, viewer_name=person.full_name, viewer_roles=",".join(roles), kind=kind,
        path=path[:500], object_id=object_id, row_count=row_count, created_at=timezone.now())
    AccessLogSchool.objects.bulk_create(
        [AccessLogSchool(access_log=log, school_id=pk) for pk in sorted(set(school_ids))])
    return log
