"""The fan-out floor: a bare ``websockets`` server on the same Redis pub/sub.

Each socket says which user it stands for (``/ws/?user=<id>``); the server listens to
``floor.user.*`` with one pattern subscription and writes every payload published on
``floor.user.<id>`` to that user's sockets, as is. ``GET /catchup`` answers a small JSON
body: the bare cost of the catch-up request a reconnecting client makes. Nothing else — no
session, no Django: what delivering the same payloads costs at the least.

    python -m bench.floors_ws --port 8765 --redis redis://127.0.0.1:6379/0
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections import defaultdict
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import redis.asyncio as redis
from websockets.asyncio.server import serve

PREFIX = "floor.user."
sockets: dict[str, set] = defaultdict(set)


async def handler(connection) -> None:
    user = parse_qs(urlsplit(connection.request.path).query).get("user", [""])[0]
    sockets[user].add(connection)
    try:
        await connection.wait_closed()
    finally:
        sockets[user].discard(connection)


def process_request(connection, request):
    if request.path.startswith("/catchup"):
        return connection.respond(HTTPStatus.OK, '{"count":0,"results":[]}\n')
    return None


async def relay(url: str) -> None:
    client = redis.Redis.from_url(url)
    pubsub = client.pubsub()
    await pubsub.psubscribe(f"{PREFIX}*")
    async for message in pubsub.listen():
        if message["type"] != "pmessage":
            continue
        user = message["channel"].decode()[len(PREFIX):]
        payload = message["data"].decode()
        for connection in list(sockets.get(user, ())):
            try:
                await connection.send(payload)
            except Exception:  # noqa: S112 - a closed socket drops out on its own
                continue


async def main(port: int, url: str) -> None:
    async with serve(handler, "127.0.0.1", port, process_request=process_request,
                     ping_interval=None, max_queue=None):
        await relay(url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", ""))
    args = parser.parse_args()
    asyncio.run(main(args.port, args.redis))
