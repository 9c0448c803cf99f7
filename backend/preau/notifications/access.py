"""Access to a digest and to the browsers subscribed to Web Push: each login reaches its own,
and nobody else's (the one-click unsubscription reaches a digest through its signed token,
``notifications.unsubscribe``)."""

from __future__ import annotations

from django.db.models import QuerySet

from preau.common.errors import NotFoundError
from preau.notifications.models import Digest, PushSubscription


def digest_of(viewer) -> Digest | None:
    """The viewer's digest with its categories, or None when they never set one."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    return Digest.objects.filter(user_id=viewer.pk).prefetch_related("categories").first()


def push_subscriptions_visible_to(viewer) -> QuerySet[PushSubscription]:
    """One's own subscribed browsers."""
    if not getattr(viewer, "is_authenticated", False):
        return PushSubscription.objects.none()
    return PushSubscription.objects.filter(user_id=viewer.pk)


def push_subscription_get_for(viewer, subscription_id: int) -> PushSubscription:
    subscription = (push_subscriptions_visible_to(viewer).filter(pk=subscription_id)
                    .prefetch_related("categories").first())
    if subscription is None:
        raise NotFoundError("Appareil introuvable.")
    return subscription
