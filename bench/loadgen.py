"""An open-loop HTTP/1.1 load generator on asyncio (keep-alive connections, no dependency).

Requests are scheduled at fixed times; the latency of each is measured from the time it
was *scheduled*, not sent, so a slow server cannot hide its queue (no coordinated
omission). A bounded pool of connections carries them; every sample is kept.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    tag: str = ""


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # seconds, every request
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    bytes_received: int = 0
    bodies: list[bytes] = field(default_factory=list)
    timeline: list[tuple[str, float, float, int]] = field(default_factory=list)
    # (tag, scheduled, answered, status) with time.time() clocks, for requests with a tag

    @property
    def done(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, request: Request) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        headers = {"Host": f"{self.host}:{self.port}", "Content-Length": str(len(request.body)),
                   **request.headers}
        head = f"{request.method} {request.path} HTTP/1.1\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        self.writer.write(head.encode("latin-1") + request.body)
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
        if chunked:
            body = b""
            while True:
                size = int((await self.reader.readline()).strip() or b"0", 16)
                if size == 0:
                    await self.reader.readline()
                    break
                body += await self.reader.readexactly(size)
                await self.reader.readline()
        else:
            body = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _run(base_url: str, requests: list[Request], *, rate: float | None,
               connections: int, timeout: float, keep_bodies: bool) -> Result:
    parts = urlsplit(base_url)
    result = Result()
    # Closed loop: a bounded queue keeps every connection busy without spinning.
    queue: asyncio.Queue = asyncio.Queue(maxsize=0 if rate else connections)
    start = time.perf_counter()
    offset = start - time.time()  # perf_counter - offset = wall clock

    async def worker() -> None:
        connection = Connection(parts.hostname or "127.0.0.1", parts.port or 80)
        while True:
            item = await queue.get()
            if item is None:
                connection.close()
                return
            scheduled, request = item
            if scheduled is None:
                scheduled = time.perf_counter()
            try:
                status, body = await asyncio.wait_for(connection.send(request), timeout)
            except (TimeoutError, ConnectionError, OSError, ValueError, IndexError,
                    asyncio.IncompleteReadError):
                connection.close()
                result.errors += 1
                status, body = 0, b""
            answered = time.perf_counter()
            result.latencies.append(answered - scheduled)
            if request.tag:
                result.timeline.append((request.tag, scheduled - offset, answered - offset,
                                        status))
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.bytes_received += len(body)
            if keep_bodies:
                result.bodies.append(body)

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    for index, request in enumerate(requests):
        scheduled = start + index / rate if rate else None  # closed loop: when picked up
        if rate:
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        await queue.put((scheduled, request))
    for _ in workers:
        await queue.put(None)
    await asyncio.gather(*workers)
    result.seconds = time.perf_counter() - start
    return result


def run(base_url: str, requests: list[Request], *, rate: float | None = None,
        connections: int = 16, timeout: float = 30.0, keep_bodies: bool = False) -> Result:
    """Send ``requests`` at ``rate`` per second (open loop), or as fast as ``connections``
    allow (``rate`` None, closed loop, for throughput)."""
    return asyncio.run(_run(base_url, requests, rate=rate, connections=connections,
                            timeout=timeout, keep_bodies=keep_bodies))


def json_request(method: str, path: str, payload: dict | None, *, cookies: str,
                 csrf: str = "", extra: dict[str, str] | None = None, tag: str = "") -> Request:
    headers = {"Cookie": cookies, "Accept": "application/json"}
    body = b""
    if payload is not None:
        body = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    if csrf:
        headers["X-CSRFToken"] = csrf
    return Request(method, path, {**headers, **(extra or {})}, body, tag)
