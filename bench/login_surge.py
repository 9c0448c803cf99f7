"""A login surge against one uvicorn process: how fast csrf/ answers while logins are shed.

    python -m bench.login_surge [BACKEND_DIR]

Starts the embedded default (SQLite, Argon2) in a temporary folder, one uvicorn process;
48 clients post right logins in a loop for 10 s, retrying at once whatever Retry-After
says (the worst case), while a probe fetches /api/v1/accounts/csrf/ every 100 ms. Prints
the logins' statuses and the probe's latencies. Give another checkout's backend/ to
compare two versions side by side (docs/security.md, "Login surges").
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

CLIENTS = 48
SECONDS = 10
USERNAME, PASSWORD = "claire", "un-long-secret-42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(backend: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PREAU_VAR_DIR": tempfile.mkdtemp(prefix="preau-surge-"),
           "PREAU_TOTP_REQUIRED_FOR": ""}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    python = sys.executable
    # Our own interpreter and manage.py with fixed arguments; every URL is loopback http.
    subprocess.run([python, "manage.py", "migrate", "-v", "0"],  # noqa: S603
                   cwd=backend, env=env, check=True)
    subprocess.run([python, "manage.py", "shell", "-c",  # noqa: S603
                    "from preau.accounts.models import User; "
                    f"User.objects.create_user({USERNAME!r}, password={PASSWORD!r})"],
                   cwd=backend, env=env, check=True)
    server = subprocess.Popen(  # noqa: S603
        [python, "-m", "uvicorn", "config.asgi:application", "--port", str(port),
         "--lifespan", "off", "--no-access-log"],
        cwd=backend, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def main() -> None:
    backend = sys.argv[1] if len(sys.argv) > 1 else str(
        Path(__file__).resolve().parents[1] / "backend")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(backend, port)
    stop = time.monotonic() + SECONDS
    statuses: dict[str, int] = {}
    latencies: list[float] = []
    lock = threading.Lock()

    def surge() -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"{base}/api/v1/accounts/csrf/", timeout=30).read()
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        body = json.dumps({"username": USERNAME, "password": PASSWORD}).encode()
        while time.monotonic() < stop:
            request = urllib.request.Request(  # noqa: S310
                f"{base}/api/v1/accounts/login/", data=body,
                headers={"Content-Type": "application/json", "X-CSRFToken": token,
                         "Referer": f"{base}/"})
            try:
                status = str(opener.open(request, timeout=30).status)
            except urllib.error.HTTPError as error:
                status = str(error.code)
            except OSError:
                status = "no answer"
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    def probe() -> None:
        time.sleep(1)
        while time.monotonic() < stop:
            started = time.monotonic()
            urllib.request.urlopen(f"{base}/api/v1/accounts/csrf/", timeout=30).read()  # noqa: S310
            latencies.append(time.monotonic() - started)
            time.sleep(0.1)

    threads = [threading.Thread(target=surge) for _ in range(CLIENTS)]
    threads.append(threading.Thread(target=probe))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server.terminate()
    server.wait()
    latencies.sort()
    print(json.dumps({
        "logins": statuses, "csrf_probes": len(latencies),
        "csrf_p50_ms": round(1000 * statistics.median(latencies), 1),
        "csrf_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "csrf_max_ms": round(1000 * latencies[-1], 1),
    }))


if __name__ == "__main__":
    main()
