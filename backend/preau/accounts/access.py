"""Access to logins' own objects: one's sessions and passkeys are one's own, another
user's is "not found", like a missing one."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django_otp_webauthn.models import WebAuthnCredential

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


def passkeys_visible_to(viewer, *, purpose: Purpose) -> QuerySet[WebAuthnCredential]:
    """READ (list, revoke): the viewer's own confirmed passkeys, the last used first."""
    if purpose != Purpose.READ:
        raise ValueError(f"No passkey access for {purpose!r}.")
    return (WebAuthnCredential.objects.filter(user_id=viewer.pk, confirmed=True)
            .order_by(F("last_used_at").desc(nulls_last=True), "-created_at", "-pk"))


def passkey_get_for(viewer, passkey_id: int, *, purpose: Purpose) -> WebAuthnCredential:
    passkey = passkeys_visible_to(viewer, purpose=purpose).filter(pk=passkey_id).first()
    if passkey is None:
        raise NotFoundError("Clé d'accès introuvable.")
    return passkey
