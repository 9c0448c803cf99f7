"""The production topology without Docker, as docs/operations.md describes it: nginx (Debian's
package) with the project's proxy configuration (scripts/nginx_host_conf.py writes it from
docker/nginx.conf), granian serving Django through WSGI, uvicorn serving the WebSocket and the
accounts endpoints through ASGI, a Celery worker and the scheduler (beat), a Redis of their
own and the test database — every process with the production settings.

Everything listens on 127.0.0.1 (nginx on a free port), writes its log under the test's
folder, and is stopped by the block that started it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.realtime.servers import REPO, RedisServer, free_port

START_TIMEOUT = 45.0
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_available() -> bool:
    return Path(NGINX).exists()


class Topology:
    """``with Topology(tmp_path, database_url=…, email_url=…) as site``: ``site.url`` is the
    proxy's address (``http://localhost:<port>``: a secure context for the browser, whose
    Secure cookies the production settings set)."""

    def __init__(self, folder: Path, *, database_url: str, email_url: str,
                 secret_key: str) -> None:
        """``secret_key``: the deployment's, shared with the test's own process so that a
        session it opens (``force_login``) is one the servers accept."""
        self.folder = folder
        self.port, self.web_port, self.ws_port = free_port(), free_port(), free_port()
        self.url = f"http://localhost:{self.port}"
        self.redis = RedisServer()
        self.database_url, self.email_url = database_url, email_url
        self.secret_key = secret_key
        self.processes: dict[str, subprocess.Popen] = {}

    def env(self) -> dict[str, str]:
        var = self.folder / "var"
        return {
            **{k: v for k, v in os.environ.items()
               if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE",
                            "PREAU_CHANNEL_PREFIX", "PYTEST_XDIST_WORKER",
                            "PREAU_TASKS_EAGER", "PREAU_TASK_BROKER_URL", "EMAIL_URL"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "ALLOWED_HOSTS": "localhost",
            "CSRF_TRUSTED_ORIGINS": self.url,
            "PREAU_SITE_URL": self.url,
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "PREAU_TRUSTED_PROXIES": "127.0.0.1",
            "EMAIL_URL": self.email_url,
            "PREAU_VAR_DIR": str(var),
            "STATIC_ROOT": str(var / "static"),
            "MEDIA_ROOT": str(var / "media"),
        }

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        with (self.folder / f"{name}.log").open("wb") as log:
            self.processes[name] = subprocess.Popen(
                command, cwd=REPO / "backend", env=env, stdout=log, stderr=subprocess.STDOUT)

    def _wait(self, name: str, ready) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}: "
                                   f"{self.log(name)[-3000:]}")
            if ready():
                return
            time.sleep(0.2)
        raise TimeoutError(f"{name} not ready after {START_TIMEOUT} s: {self.log(name)[-3000:]}")

    def _answers(self, url: str) -> bool:
        """The health check answers at ``url`` (on 127.0.0.1, for the site's host name)."""
        request = urllib.request.Request(url, headers={"Host": "localhost"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 (local)
                return response.status == 200
        except OSError:
            return False

    def __enter__(self) -> Topology:
        self.redis.start()
        env = self.env()
        bin_dir = Path(sys.executable).parent
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                       cwd=REPO / "backend", env=env, check=True, timeout=120)
        conf = self.folder / "nginx.conf"
        (self.folder / "nginx-logs").mkdir(exist_ok=True)
        conf.write_text(subprocess.run(
            [sys.executable, str(REPO / "scripts" / "nginx_host_conf.py"),
             "--web", f"127.0.0.1:{self.web_port}", "--ws", f"127.0.0.1:{self.ws_port}",
             "--listen", f"127.0.0.1:{self.port}", "--pid", str(self.folder / "nginx.pid"),
             "--log-dir", str(self.folder / "nginx-logs")],
            check=True, capture_output=True, text=True, timeout=30).stdout)
        try:
            # The commands of docker/entrypoint.sh and docs/operations.md, one worker each.
            self._start("web", [str(bin_dir / "granian"), "config.wsgi:application",
                                "--interface", "wsgi", "--host", "127.0.0.1",
                                "--port", str(self.web_port), "--workers", "1",
                                "--blocking-threads", "4", "--no-access-log"], env)
            self._start("ws", [str(bin_dir / "uvicorn"), "config.asgi:application",
                               "--host", "127.0.0.1", "--port", str(self.ws_port),
                               "--workers", "1", "--proxy-headers",
                               "--forwarded-allow-ips=127.0.0.1", "--lifespan", "off",
                               "--no-access-log"], env)
            self._start("worker", [sys.executable, "-m", "celery", "-A", "config", "worker",
                                   "--pool=solo", "--loglevel=INFO", "--without-heartbeat",
                                   "--without-gossip", "--without-mingle"], env)
            self._start("scheduler", [sys.executable, "-m", "celery", "-A", "config", "beat",
                                      "--loglevel=INFO", "--schedule",
                                      str(self.folder / "beat-schedule")], env)
            self._start("proxy", [NGINX, "-c", str(conf), "-p", str(self.folder),
                                  "-g", "daemon off;"], env)
            self._wait("web", lambda: self._answers(
                f"http://127.0.0.1:{self.web_port}/api/v1/health/"))
            self._wait("ws", lambda: self._answers(
                f"http://127.0.0.1:{self.ws_port}/api/v1/health/"))
            self._wait("worker", lambda: "worker de tâches prêt" in self.log("worker"))
            self._wait("scheduler", lambda: "beat: Starting" in self.log("scheduler"))
            self._wait("proxy", lambda: self._answers(
                f"http://127.0.0.1:{self.port}/api/v1/health/"))
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.redis.stop()
