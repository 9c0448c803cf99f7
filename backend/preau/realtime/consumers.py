"""The one WebSocket: server → client events for the connected user. It never writes.

- Closed at once (4401) for anonymous or inactive users, and for a session that has not
  passed every step of the login due (``accounts.session_policy.session_login_state``,
  the rule the API and the admin use too, given by ``config.routing``); the Origin is
  checked by the ASGI stack (``preau.realtime.origin.ExactOriginValidator``) before this
  consumer runs.
- Each socket listens to its user's channel and its session's channel on the process's bus
  (``preau.realtime.bus``: channels of our own, one Redis subscription per process shared
  by its sockets); nothing else is ever subscribed. The consumer uses no channel layer.
- Clients never write: any frame from the client closes the socket (4400).
- A session that ends (logout, deactivated account, timed out) stops receiving: before
  pushing, the consumer re-reads the session and the account at most every
  ``PREAU_LIVE_SESSION_RECHECK_SECONDS`` and closes (4401) when either is gone or the
  session has passed its idle or absolute timeout.
- Ending a session or disabling an account closes its sockets at once: the service sends
  ``session.end`` to the session's channel (``…:live:session:<hash>``) or the user's
  channel, and the consumer closes with 4401.
- If the bus (Redis) or the database is unreachable when the client connects, the
  handshake is accepted and the socket closed at once with 1013 ("try again later";
  ``preau.realtime.outage``): the client reconnects with backoff and catches up with
  ``?after=`` — the data never depended on the socket. An open socket whose session
  re-check meets a database outage is closed with 1013 too.
- One session keeps at most ``PREAU_LIVE_MAX_SOCKETS_PER_SESSION`` sockets (default 10, across
  every process): each socket announces itself to its session's channel once open, and a
  socket that hears of that many sockets opened after it closes with 4429. The oldest
  goes; the client does not reconnect it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.db import InterfaceError, OperationalError

from preau.realtime.bus import Inbox, get_bus
from preau.realtime.outage import CLOSE_TRY_AGAIN_LATER
from preau.realtime.publish import session_channel, user_channel

logger = logging.getLogger("preau.realtime")

CLOSE_UNAUTHORISED = 4401
CLOSE_CLIENT_WROTE = 4400
CLOSE_TOO_MANY_SOCKETS = 4429
DEFAULT_MAX_SOCKETS_PER_SESSION = 10


def max_sockets_per_session() -> int:
    return int(getattr(settings, "PREAU_LIVE_MAX_SOCKETS_PER_SESSION",
                       DEFAULT_MAX_SOCKETS_PER_SESSION))


class EventsConsumer(AsyncJsonWebsocketConsumer):
    """``login_steps_passed(user, session)`` and ``session_still_valid(user_id, session_key)``
    are the accounts' session rules, given by the ASGI routing (``config.routing``):
    accounts stands above realtime, which delivers and knows no account rule."""

    # No channel layer: the alias names none, so Channels gives the consumer none
    # (``get_channel_layer`` returns None for an alias that is not configured).
    channel_layer_alias = "preau-live-bus-no-channel-layer"

    def __init__(self, *args, login_steps_passed: Callable[[Any, Any], bool],
                 session_still_valid: Callable[[int, str | None], bool], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.login_steps_passed = database_sync_to_async(login_steps_passed)
        self.session_still_valid = database_sync_to_async(session_still_valid)
        self.handlers = {"event.push": self.event_push, "session.end": self.session_end,
                         "socket.opened": self.socket_opened,
                         "socket.closed": self.socket_closed}

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        session = self.scope.get("session")
        if not await self.login_steps_passed(user, session):
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        self.bus = get_bus()
        self.user_id = user.pk
        self.session_key = getattr(session, "session_key", None)
        self.checked_at = time.monotonic()
        self.socket_id = uuid.uuid4().hex
        self.opened_at = (time.time(), self.socket_id)
        self.newer_sockets: set[str] = set()
        self.displaced = False
        self.inbox = Inbox()
        channels = [user_channel(self.bus.prefix, user.pk)]
        if self.session_key:
            channels.append(session_channel(self.bus.prefix, self.session_key))
        try:
            await self.bus.subscribe(channels, self.inbox)
        except Exception:
            logger.warning("live bus unavailable; socket of user %s closed", user.pk,
                           exc_info=True)
            await self.accept()  # a close before accepting would reach the client as a 403
            await self.close(code=CLOSE_TRY_AGAIN_LATER)
            return
        self.channels = channels
        self.pump = asyncio.create_task(self._pump())
        self.announced = True
        await self._announce_to_session("socket.opened")
        await self.accept()

    async def _pump(self) -> None:
        """Handles this socket's messages from the bus, one at a time, in order."""
        while True:
            message = await self.inbox.queue.get()
            handler = self.handlers.get(message.get("type"))
            if handler is None:
                continue
            try:
                await handler(message)
            except Exception:
                logger.exception("live message %s not handled", message.get("type"))

    async def _announce_to_session(self, message_type: str) -> None:
        """Tells the other sockets of this session that this one opened or closed."""
        if not self.session_key:
            return
        try:
            await self.bus.apublish(session_channel(self.bus.prefix, self.session_key), {
                "type": message_type, "channel": self.socket_id,
                "opened_at": self.opened_at[0]})
        except Exception:  # the cap is best effort while the bus is unreachable
            logger.info("could not announce %s to the session's sockets", message_type,
                        exc_info=True)

    async def socket_opened(self, message: dict) -> None:
        """Another socket of this session opened: if this one is now beyond the cap among
        the newest, it is the oldest and closes."""
        other = (message["opened_at"], message["channel"])
        if message["channel"] == self.socket_id or other < self.opened_at:
            return
        self.newer_sockets.add(message["channel"])
        if len(self.newer_sockets) >= max_sockets_per_session() and not self.displaced:
            self.displaced = True  # close once; disconnect() says goodbye to the others
            await self.close(code=CLOSE_TOO_MANY_SOCKETS)

    async def socket_closed(self, message: dict) -> None:
        self.newer_sockets.discard(message["channel"])

    async def disconnect(self, code: int) -> None:
        pump = getattr(self, "pump", None)
        if pump is not None:
            pump.cancel()
        if getattr(self, "announced", False):
            await self._announce_to_session("socket.closed")
        if getattr(self, "channels", None):
            try:
                await self.bus.unsubscribe(self.channels, self.inbox)
            except Exception:
                logger.info("live unsubscribe failed for user %s", self.user_id, exc_info=True)

    async def session_end(self, message: dict) -> None:
        """The session or the account was ended by a service: close at once."""
        await self.close(code=CLOSE_UNAUTHORISED)

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        # The socket is server → client only.
        await self.close(code=CLOSE_CLIENT_WROTE)

    async def event_push(self, message: dict) -> None:
        recheck = float(getattr(settings, "PREAU_LIVE_SESSION_RECHECK_SECONDS", 60))
        if time.monotonic() - self.checked_at >= recheck:
            self.checked_at = time.monotonic()
            try:
                still_valid = await self.session_still_valid(self.user_id, self.session_key)
            except (OperationalError, InterfaceError):
                logger.warning("database unreachable; socket of user %s closed for now",
                               self.user_id, exc_info=True)
                await self.close(code=CLOSE_TRY_AGAIN_LATER)
                return
            if not still_valid:
                await self.close(code=CLOSE_UNAUTHORISED)
                return
        await self.send_json(message["event"])
