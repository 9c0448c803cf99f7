"""Access to a digest: each login reaches its own, and nobody else's (the one-click
unsubscription reaches it through its signed token, ``notifications.unsubscribe``)."""

from __future__ import annotations

from preau.notifications.models import Digest


def digest_of(viewer) -> Digest | None:
    """The viewer's digest with its categories, or None when they never set one."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    return Digest.objects.filter(user_id=viewer.pk).prefetch_related("categories").first()
