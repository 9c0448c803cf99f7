"""Server processes for the benchmarks: started on loopback, pinned to a core, stopped after.

The load generator runs in another process pinned to the other core where the machine has
two or more (``taskset``); every process is bounded in time.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKEND = ROOT / "backend"
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cores() -> int:
    return len(os.sched_getaffinity(0))


def pinned(command: list[str], core: int | None) -> list[str]:
    """``command`` pinned to ``core`` with taskset when the machine has more than one core."""
    if core is None or cores() < 2 or not shutil.which("taskset"):
        return command
    return ["taskset", "-c", str(core % cores()), *command]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


# The server commands, by name. ``{port}`` is replaced; the cwd is backend/. Each runs one
# process sized for one pinned core: the ASGI servers run one event loop (Django's sync views
# go to asgiref's thread); the WSGI servers run one worker with a few threads, enough to
# overlap database waits without paying for context switches on a single core.
WSGI_THREADS = 4
SERVERS: dict[str, list[str]] = {
    "uvicorn": [str(VENV_BIN / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
                "--port", "{port}", "--lifespan", "off", "--log-level", "warning",
                "--no-access-log"],
    # asginl: ASGI without lifespan (Django answers no lifespan events).
    "granian-asgi": [str(VENV_BIN / "granian"), "--interface", "asginl", "--host", "127.0.0.1",
                     "--port", "{port}", "--workers", "1", "--runtime-threads", "1",
                     "--log-level", "warning", "--no-access-log", "config.asgi:application"],
    "daphne": [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", "{port}", "-v", "0",
               "config.asgi:application"],
    "granian-wsgi": [str(VENV_BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
                     "--port", "{port}", "--workers", "1", "--runtime-threads", "1",
                     "--blocking-threads", str(WSGI_THREADS), "--log-level", "warning",
                     "--no-access-log", "config.wsgi:application"],
    "gunicorn": [str(VENV_BIN / "gunicorn"), "--bind", "127.0.0.1:{port}", "--workers", "1",
                 "--worker-class", "gthread", "--threads", str(WSGI_THREADS),
                 "--log-level", "warning", "--timeout", "60", "config.wsgi:application"],
    # The fan-out floor (bench/floors_ws.py): a bare websockets server on REDIS_URL.
    "floor-ws": [sys.executable, "-m", "bench.floors_ws", "--port", "{port}"],
}
ASGI_SERVERS = ("uvicorn", "granian-asgi", "daphne")
WSGI_SERVERS = ("granian-wsgi", "gunicorn")


def _server_env(env: dict[str, str]) -> dict[str, str]:
    """The environment of a server: ours, ``env`` on top, ``bench`` importable from backend/."""
    paths = [str(ROOT), str(BACKEND), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), **env}


@contextmanager
def server(name: str, env: dict[str, str], core: int | None = 0, timeout: float = 30.0):
    """Start server ``name`` on a free port with ``env`` added; yield its base URL and pid.

    Its standard error goes to a temporary file (a pipe nobody reads would fill up and stall
    the server); the last lines are shown if it does not come up.
    """
    port = free_port()
    command = [part.replace("{port}", str(port)) for part in SERVERS[name]]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 - fixed commands of our own
            pinned(command, core), cwd=BACKEND, env=_server_env(env),
            stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        try:
            try:
                wait_for_port(port, timeout)
            except TimeoutError:
                log.seek(0)
                tail = log.read()[-2000:].decode(errors="replace")
                raise TimeoutError(f"{name} did not start on port {port}:\n{tail}") from None
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the server's process group, SIGKILL it after 10 s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Stack:
    """A serving stack: ``http`` serves the REST API, ``ws`` the ``/ws/`` socket.

    With an ASGI server alone both are the same process; with a WSGI server, an ASGI server
    runs beside it for the socket and clients connect to each directly (no proxy).
    """

    http: str
    ws: str
    pids: dict[str, int]

    @property
    def ws_url(self) -> str:
        return self.ws.replace("http://", "ws://", 1)


@contextmanager
def servers(http: str, env: dict[str, str], ws: str | None = None, core: int | None = 0,
            timeout: float = 30.0):
    """Start the stack ``http`` (+ ``ws`` for the socket when ``http`` is a WSGI server).

    ``ws`` defaults to ``http`` for an ASGI server and to uvicorn for a WSGI one. Both
    processes are pinned to ``core``; yields a ``Stack``.
    """
    if ws is None:
        ws = http if http in ASGI_SERVERS else "uvicorn"
    if ws not in ASGI_SERVERS:
        raise ValueError(f"{ws} cannot serve WebSockets: choose one of {ASGI_SERVERS}")
    with server(http, env, core, timeout) as (http_url, http_pid):
        if ws == http:
            yield Stack(http=http_url, ws=http_url, pids={http: http_pid})
            return
        with server(ws, env, core, timeout) as (ws_url, ws_pid):
            yield Stack(http=http_url, ws=ws_url, pids={http: http_pid, ws: ws_pid})
