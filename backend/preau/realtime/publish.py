"""The only way events leave the server: after the transaction commits, to listed users.

Data is saved first; an event is a hint that the client should refresh. If the bus is
unreachable (Redis down, slow, misconfigured) the event is lost and logged — never the
data, and never the answer: every Redis call is bounded by the socket timeouts of the
settings (``REDIS_TIMEOUT_SECONDS``) and every error is swallowed after the commit.

Events go through the process's bus (``preau.realtime.bus``): every recipient of a write in
one pipelined round trip per Redis server, on the user's channel of our own
(``<prefix>:live:user:<id>``), heard by the consumers of every process through one
subscription per process.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.db import transaction

from preau.realtime.bus import get_bus
from preau.realtime.signals import events_committed

logger = logging.getLogger("preau.realtime")


def user_channel(prefix: str, user_id: int) -> str:
    return f"{prefix}:live:user:{user_id}"


def session_channel(prefix: str, session_key: str) -> str:
    """The sockets opened with one session; named by a hash, never by the key itself."""
    return f"{prefix}:live:session:" + hashlib.sha256(session_key.encode()).hexdigest()[:40]


SESSION_END_MESSAGE = {"type": "session.end"}


def _send(events: list[tuple[dict, list[int]]]) -> None:
    try:
        bus = get_bus()
        messages = []
        for event, user_ids in events:
            envelope = {"type": "event.push", "event": event}  # encoded once for all users
            messages += [(user_channel(bus.prefix, user_id), envelope) for user_id in user_ids]
        bus.publish_many(messages)
    except Exception:  # a lost hint must never fail a committed write
        for event, user_ids in events:
            logger.warning("live event %s not delivered to %d user(s)", event.get("type"),
                           len(user_ids), exc_info=True)


def _committed(events: list[tuple[dict, list[int]]]) -> None:
    _send(events)
    for receiver, result in events_committed.send_robust(sender=None, events=events):
        if isinstance(result, Exception):
            logger.error("%s failed on %d committed event(s)", getattr(
                receiver, "__qualname__", receiver), len(events), exc_info=result)


def publish_on_commit(*, event: dict, user_ids: Iterable[int]) -> None:
    """Send ``event`` to each user's channel once the current transaction has committed."""
    publish_many_on_commit([(event, user_ids)])


def publish_many_on_commit(events: Iterable[tuple[dict, Iterable[int]]]) -> None:
    """Several events of one write, sent together (one round trip to Redis) after commit."""
    batch = [(event, recipients) for event, user_ids in events
             if (recipients := sorted(set(user_ids)))]
    if batch:
        transaction.on_commit(lambda: _committed(batch))


def _close(user_ids: list[int], session_keys: list[str]) -> None:
    try:
        bus = get_bus()
        channels = [user_channel(bus.prefix, user_id) for user_id in user_ids]
        channels += [session_channel(bus.prefix, key) for key in session_keys]
        bus.publish_many([(channel, SESSION_END_MESSAGE) for channel in channels])
    except Exception:  # the sockets still close at their next session re-check
        logger.warning("could not close the sockets of %d user(s) and %d session(s) at once",
                       len(user_ids), len(session_keys), exc_info=True)


def close_sockets_on_commit(*, user_ids: Iterable[int] = (),
                            session_keys: Iterable[str] = ()) -> None:
    """Once the transaction has committed, close the open sockets of these users (all their
    sessions) or of these sessions only."""
    users, sessions = sorted(set(user_ids)), sorted(set(session_keys))
    if users or sessions:
        transaction.on_commit(lambda: _close(users, sessions))
