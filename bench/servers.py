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
import time
from contextlib import contextmanager
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


# The server commands, by name. ``{port}`` is replaced; the cwd is backend/.
SERVERS: dict[str, list[str]] = {
    "uvicorn": [str(VENV_BIN / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
                "--port", "{port}", "--lifespan", "off", "--log-level", "warning",
                "--no-access-log"],
    "granian-asgi": [str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1",
                     "--port", "{port}", "--workers", "1", "--log-level", "warning",
                     "--no-access-log", "config.asgi:application"],
    "daphne": [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", "{port}", "-v", "0",
               "config.asgi:application"],
    "granian-wsgi": [str(VENV_BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
                     "--port", "{port}", "--workers", "1", "--log-level", "warning",
                     "--no-access-log", "config.wsgi:application"],
    "gunicorn": [str(VENV_BIN / "gunicorn"), "--bind", "127.0.0.1:{port}", "--workers", "1",
                 "--log-level", "warning", "config.wsgi:application"],
}


@contextmanager
def server(name: str, env: dict[str, str], core: int | None = 0, timeout: float = 30.0):
    """Start server ``name`` on a free port with ``env`` added; yield its base URL and pid."""
    port = free_port()
    command = [part.replace("{port}", str(port)) for part in SERVERS[name]]
    process = subprocess.Popen(  # noqa: S603 - fixed commands of our own
        pinned(command, core), cwd=BACKEND, env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        wait_for_port(port, timeout)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
