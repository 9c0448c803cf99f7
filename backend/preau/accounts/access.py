"""Access to logins' own objects: one's sessions are one's own, another user's is "not
found", like a missing one."""

from __future__ import annotations

from django.db.models import QuerySet

from preau.accounts.models import UserSession
from preau.common.errors import NotFoundError
from preau.people.access import Purpose


def user_sessions_visible_to(viewer, *, purpose: Purpose) -> QuerySet[UserSession]:
    """READ: the viewer's own sessions, the most recently used first."""
    if purpose != Purpose.READ:
        raise ValueError(f"No session access for {purpose!r}.")
    return UserSession.objects.filter(user_id=viewer.pk).order_by("-last_seen_at", "-pk")


def user_session_get_for(viewer, session_id: int, *, purpose: Purpose) -> UserSession:
    user_session = user_sessions_visible_to(viewer, purpose=purpose).filter(pk=session_id).first()
    if user_session is None:
        raise NotFoundError("Session introuvable.")
    return user_session
