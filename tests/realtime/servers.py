"""Private servers for the live-delivery tests: a Redis and ASGI workers on free ports.

Everything listens on 127.0.0.1, is bounded in time, and is stopped by the test that
started it. The shared Redis on 6379 is never touched.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(check, *, timeout: float, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"{what} exited with {process.returncode}: {output[-3000:]}")
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} not ready after {timeout} s")


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class RedisServer:
    """A throw-away redis-server (no persistence) that can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> RedisServer:
        """Start the server; a server already running is left as it is (``with
        RedisServer().start() as redis`` starts one process, which the block stops)."""
        if self.process is not None and self.process.poll() is None:
            return self
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        _wait_for(self._answers, timeout=START_TIMEOUT, what="redis-server", process=self.process)
        return self

    def stop(self) -> None:
        _stop(self.process)
        self.process = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def database_url_for_servers(tmp_path: Path) -> str:
    """A URL other processes reach the test database with.

    PostgreSQL: the test database itself. SQLite: the test database lives in memory, so it
    is copied (schema and committed rows) into a file the servers share.
    """
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
        return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"
    target = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{target}"


class AsgiServer:
    """``uvicorn config.asgi:application`` in its own process."""

    def __init__(self, *, database_url: str, redis_url: str, var_dir: Path,
                 access_log: bool = False) -> None:
        """``access_log``: log every request at level info, as ``make serve`` does."""
        self.port = free_port()
        self.log_options = (["--log-level", "info"] if access_log
                            else ["--no-access-log", "--log-level", "warning"])
        self.env = {
            **{k: v for k, v in os.environ.items()
               if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "PREAU_VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(var_dir / "media"),
        }
        self.process: subprocess.Popen | None = None
        self.output = ""  # what the server wrote (its log), once stopped

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(  # noqa: S310 (http on 127.0.0.1 only)
                f"{self.base}/api/v1/health/", timeout=1
            ) as response:
                return response.status == 200
        except OSError:
            return False

    def start(self) -> AsgiServer:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--app-dir", "backend",
             "--host", "127.0.0.1", "--port", str(self.port), *self.log_options,
             "--lifespan", "off"],
            cwd=REPO, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        _wait_for(self._answers, timeout=START_TIMEOUT, what="uvicorn", process=self.process)
        return self

    def stop(self) -> None:
        _stop(self.process)
        if self.process is not None and self.process.stdout is not None:
            self.output = self.process.stdout.read().decode(errors="replace")
        self.process = None

    def __enter__(self) -> AsgiServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


async def socket_outcome(server: AsgiServer, cookie: str, *, hold: float = 1.0) -> str | int:
    """What a browser's socket to ``server`` meets: ``"open"`` (still open after ``hold``
    seconds), the close code the server sent, or ``"http <status>"`` (handshake refused)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    try:
        async with connect(f"ws://127.0.0.1:{server.port}/ws/events/", origin=server.base,
                           additional_headers={"Cookie": cookie}, open_timeout=15) as socket:
            try:
                await asyncio.wait_for(socket.recv(), timeout=hold)
            except TimeoutError:
                return "open"
            except ConnectionClosed as closed:
                return closed.rcvd.code if closed.rcvd else "closed without a code"
            return "open"
    except InvalidStatus as refused:
        return f"http {refused.response.status_code}"
