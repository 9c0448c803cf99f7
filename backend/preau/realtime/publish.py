"""The only way events leave the server: after the transaction commits, to listed users.

Data is saved first; an event is a hint that the client should refresh. If the channel
layer is unreachable the event is lost and logged — never the data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger("preau.realtime")


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def _send(event: dict, user_ids: list[int]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "event.push", "event": event}
    try:
        for user_id in user_ids:
            async_to_sync(layer.group_send)(user_group(user_id), message)
    except Exception:  # a lost hint must never fail a committed write
        logger.warning("live event %s not delivered", event.get("type"), exc_info=True)


def publish_on_commit(*, event: dict, user_ids: Iterable[int]) -> None:
    recipients = sorted(set(user_ids))
    if not recipients:
        return
    transaction.on_commit(lambda: _send(event, recipients))
