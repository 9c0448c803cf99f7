"""Role-matrix rows of the audit log: each director sees their school's events only.

Roles without a school to direct get an empty list (a list's visibility is a filter, as for
the authorities' access log). The operator sees everything: both schools' events, and the
events tied to no school (its own login, keyed "none"); tests/audit/test_audit_api.py has
more.
"""

from __future__ import annotations

from tests.matrix import AUTHENTICATED, Row
from tests.world import World


def with_failed_logins(world: World) -> None:
    """A failed login for an account of school A and one of school B."""
    if "failed_logins" in world.extra:
        return
    from preau.audit.models import AuditKind
    from preau.audit.services import audit_event_record

    world.extra["failed_logins"] = [
        audit_event_record(kind=AuditKind.LOGIN_FAILED, username=world.users[role].username)
        for role in ["teacher", "director_other"]]


def _school_key(world: World, item: dict) -> str:
    if not item["schools"]:
        return "none"
    return next(key for key, school in world.schools.items()
                if school.pk == item["schools"][0]["id"])


SEEN = {role: set() for role in AUTHENTICATED}
SEEN |= {"director": {"A"}, "director_other": {"B"}, "operator": {"A", "B", "none"}}

ROWS = [
    Row("audit:event-list", kind="list", seen=SEEN, prepare=with_failed_logins,
        listed_key=_school_key),
]
