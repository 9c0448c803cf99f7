"""A WebSocket handshake during an outage is told "try again later" (close code 1013).

Reading the session and the account needs PostgreSQL; giving the socket a channel and its
groups needs the channel layer (Redis in production). When either is unreachable, the
socket cannot be served — but answering the handshake with an HTTP error (a 500, or the
403 that a close before ``websocket.accept`` becomes) tells the browser nothing it can act
on: both arrive as the same close code 1006, and a 403 reads as "refused". So the
handshake is accepted and the socket closed at once with 1013 ("try again later", RFC
6455): the web app keeps backing off, reconnects, and catches up with ``?after=``.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("preau.realtime")

CLOSE_TRY_AGAIN_LATER = 1013
# Failures of a service the socket depends on, as the libraries raise them.
OUTAGE_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError,
                 OSError, TimeoutError)


async def answer_try_again_later(receive, send, *, connect_received: bool) -> None:
    """Completes the handshake, then closes with 1013."""
    if not connect_received:
        await receive()  # the client's websocket.connect
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER})


class TryAgainLaterDuringOutages:
    """ASGI middleware around the WebSocket stack: a database or channel-layer failure
    before the socket is accepted is answered 1013 rather than an HTTP error."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        state = {"connect_received": False, "answered": False}

        async def tracked_receive():
            message = await receive()
            if message["type"] == "websocket.connect":
                state["connect_received"] = True
            return message

        async def tracked_send(message):
            if message["type"] in {"websocket.accept", "websocket.close",
                                   "websocket.http.response.start"}:
                state["answered"] = True
            await send(message)

        try:
            return await self.application(scope, tracked_receive, tracked_send)
        except OUTAGE_ERRORS:
            if state["answered"]:
                raise  # the handshake was answered: a failure of a live socket
            logger.warning("socket refused for now: a service is unreachable", exc_info=True)
            await answer_try_again_later(receive, send,
                                         connect_received=state["connect_received"])
