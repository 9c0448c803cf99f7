"""Real peers of the task queue for the tests: an SMTP server (aiosmtpd) and a Celery worker.

Both listen or run on 127.0.0.1, are bounded in time, and are stopped by the test that
started them. The worker is ``celery -A config worker`` in its own process, with the test
settings, on the test's database and a private Redis as its broker.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from config import celery_app
from tests.realtime.servers import REPO, free_port

START_TIMEOUT = 30.0


def wait_until(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not after {timeout} s")
        time.sleep(0.05)


class MailServer:
    """An SMTP server that answers 451 (try again later) to the first ``defer`` mails, then
    keeps the mails it accepts in ``messages``."""

    def __init__(self, *, defer: int = 0) -> None:
        self.defer = defer
        self.deferred = 0
        self.messages: list[EmailMessage] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.deferred < self.defer:
            self.deferred += 1
            return "451 4.3.0 Service momentanément indisponible, réessayez plus tard"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 OK"

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


@contextmanager
def tasks_sent_to(broker_url: str) -> Iterator[None]:
    """This process sends its tasks to ``broker_url`` instead of running them itself
    (``preau.common.tasks.enqueue`` reads the broker from the app's settings each time)."""
    previous = {"broker_url": celery_app.conf.broker_url,
                "task_always_eager": celery_app.conf.task_always_eager}
    celery_app.conf.update(broker_url=broker_url, task_always_eager=False)
    try:
        yield
    finally:
        celery_app.conf.update(previous)


class CeleryWorker:
    """``celery -A config worker`` (one process, one task at a time); what it logs goes to
    ``log``. Retries are quick (0.2 s, then 0.4 s…), at most ``max_retries``."""

    def __init__(self, *, database_url: str, broker_url: str, email_url: str, log: Path,
                 max_retries: int = 2) -> None:
        self.log = log
        self.env = {
            **{k: v for k, v in os.environ.items()
               if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": broker_url,
            "PREAU_TASK_BROKER_URL": broker_url,
            "PREAU_TASKS_EAGER": "0",
            "EMAIL_URL": email_url,
            "PREAU_TASK_RETRY_SECONDS": "0.2",
            "PREAU_TASK_MAX_RETRIES": str(max_retries),
        }
        self.process: subprocess.Popen | None = None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def __enter__(self) -> CeleryWorker:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
                 "--loglevel=INFO", "--without-heartbeat", "--without-gossip",
                 "--without-mingle", "--hostname", f"test-{os.getpid()}@127.0.0.1"],
                cwd=REPO / "backend", env=self.env, stdout=log, stderr=subprocess.STDOUT)

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited with {self.process.returncode}: "
                                   f"{self.output()[-3000:]}")
            return "worker de tâches prêt" in self.output()

        wait_until(ready, timeout=START_TIMEOUT, what="the Celery worker")
        return self

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
