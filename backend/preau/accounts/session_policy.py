"""Idle and absolute session timeouts, per kind of account (docs/security.md).

A session carries three values of its own: its kind (family or staff), when it was opened
and when it was last used (Unix times). The middleware and the WebSocket consumer both
ask :func:`session_expiry` whether they still hold; neither needs a query for that.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db.models import Exists, OuterRef

from preau.accounts.models import SessionKind, User

KIND_KEY = "preau_session_kind"
OPENED_KEY = "preau_session_opened_at"
SEEN_KEY = "preau_session_seen_at"

EXPIRED_IDLE = "idle"
EXPIRED_ABSOLUTE = "absolute"


def session_kind_of(*, user: User) -> SessionKind:
    """Staff and authority accounts (and Django staff) get the short timeouts."""
    from preau.people.models import AuthorityMembership, StaffAssignment

    if user.is_staff or user.is_superuser:
        return SessionKind.STAFF
    if user.person_id is None:
        return SessionKind.FAMILY
    row = (User.objects.filter(pk=user.pk)
           .annotate(staff=Exists(StaffAssignment.objects.filter(person_id=OuterRef("person_id"))),
                     authority=Exists(AuthorityMembership.objects.filter(
                         person_id=OuterRef("person_id"))))
           .values("staff", "authority").first())
    if row and (row["staff"] or row["authority"]):
        return SessionKind.STAFF
    return SessionKind.FAMILY


def idle_seconds(kind: str) -> int:
    return int(settings.PREAU_SESSION_IDLE_SECONDS[kind])


def absolute_seconds(kind: str) -> int:
    return int(settings.PREAU_SESSION_ABSOLUTE_SECONDS[kind])


def session_mark_opened(*, session, kind: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    session[KIND_KEY] = str(kind)
    session[OPENED_KEY] = now
    session[SEEN_KEY] = now


def mark_session_on_login(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session_mark_opened(session=session, kind=session_kind_of(user=user))


def session_expiry(data, *, now: float | None = None) -> str | None:
    """``"idle"`` or ``"absolute"`` when the session has timed out, else None.

    ``data`` is a session (or its decoded dict). A session without the marks (opened by
    the admin's login form, or by a test's ``force_login``) is not judged here: the
    middleware marks it on its first request."""
    now = time.time() if now is None else now
    kind = data.get(KIND_KEY)
    if kind not in SessionKind.values:
        return None
    opened = float(data.get(OPENED_KEY, now))
    seen = float(data.get(SEEN_KEY, now))
    if now - opened >= absolute_seconds(kind):
        return EXPIRED_ABSOLUTE
    if now - seen >= idle_seconds(kind):
        return EXPIRED_IDLE
    return None
