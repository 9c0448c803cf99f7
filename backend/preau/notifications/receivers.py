"""The notifications' listener of committed live events (connected in ``apps.ready``)."""

from __future__ import annotations

from django.dispatch import receiver

from preau.common.tasks import enqueue_many
from preau.notifications.push import pushes_for
from preau.notifications.tasks import send_push
from preau.notifications.vapid import push_enabled
from preau.realtime.signals import events_committed


@receiver(events_committed, dispatch_uid="notifications.push")
def push_committed_events(sender, events, **kwargs) -> None:
    """One task per push, over one connection to the broker (each retried on its own)."""
    if push_enabled() and (calls := pushes_for(events)):
        enqueue_many(send_push, calls)
