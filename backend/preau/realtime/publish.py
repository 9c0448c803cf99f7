"""The only way events leave the server: after the transaction commits, to listed users.

Data is saved first; an event is a hint that the client should refresh. If the channel
layer is unreachable (Redis down, slow, misconfigured) the event is lost and logged —
never the data, and never the answer: sending is bounded by
``PREAU_LIVE_SEND_TIMEOUT_SECONDS`` and every error is swallowed after the commit.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

logger = logging.getLogger("preau.realtime")

DEFAULT_SEND_TIMEOUT_SECONDS = 2.0


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    """The sockets opened with one session; named by a hash, never by the key itself."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


SESSION_END_MESSAGE = {"type": "session.end"}


async def _send_all(layer, message: dict, user_ids: list[int]) -> None:
    for user_id in user_ids:  # one shard connection per host: sends are serialised anyway
        await layer.group_send(user_group(user_id), message)


async def _send_bounded(layer, message: dict, user_ids: list[int], timeout: float) -> None:
    await asyncio.wait_for(_send_all(layer, message, user_ids), timeout=timeout)


def _send(event: dict, user_ids: list[int]) -> None:
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        timeout = float(getattr(settings, "PREAU_LIVE_SEND_TIMEOUT_SECONDS",
                                DEFAULT_SEND_TIMEOUT_SECONDS))
        async_to_sync(_send_bounded)(layer, {"type": "event.push", "event": event}, user_ids,
                                     timeout)
    except Exception:  # a lost hint must never fail a committed write
        logger.warning("live event %s not delivered to %d user(s)", event.get("type"),
                       len(user_ids), exc_info=True)


def publish_on_commit(*, event: dict, user_ids: Iterable[int]) -> None:
    """Send ``event`` to each user's group once the current transaction has committed."""
    recipients = sorted(set(user_ids))
    if not recipients:
        return
    transaction.on_commit(lambda: _send(event, recipients))


async def _close_groups(layer, groups: list[str], timeout: float) -> None:
    async def send_all() -> None:
        for group in groups:
            await layer.group_send(group, SESSION_END_MESSAGE)

    await asyncio.wait_for(send_all(), timeout=timeout)


def _close(groups: list[str]) -> None:
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        timeout = float(getattr(settings, "PREAU_LIVE_SEND_TIMEOUT_SECONDS",
                                DEFAULT_SEND_TIMEOUT_SECONDS))
        async_to_sync(_close_groups)(layer, groups, timeout)
    except Exception:  # the sockets still close at their next session re-check
        logger.warning("could not close %d socket group(s) at once", len(groups),
                       exc_info=True)


def close_sockets_on_commit(*, user_ids: Iterable[int] = (),
                            session_keys: Iterable[str] = ()) -> None:
    """Once the transaction has committed, close the open sockets of these users (all their
    sessions) or of these sessions only."""
    groups = [user_group(user_id) for user_id in sorted(set(user_ids))]
    groups += [session_group(key) for key in sorted(set(session_keys))]
    if groups:
        transaction.on_commit(lambda: _close(groups))
