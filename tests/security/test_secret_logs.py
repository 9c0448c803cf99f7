"""An iCal feed's secret token never reaches the server's log: the real server, its real log."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from tests.realtime.servers import REPO, AsgiServer, database_url_for_servers, free_port
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def feed_path() -> tuple[str, str]:
    """A guardian's new calendar feed: its path and its token."""
    world = build_world()
    client = Client()
    client.force_login(world.user("guardian"))
    response = client.post("/api/v1/timetable/feeds/", {"label": "Téléphone"},
                           content_type="application/json")
    assert response.status_code == 201
    path = response.json()["url"].removeprefix("http://testserver")
    return path, path.rsplit("/", 1)[1].removesuffix(".ics")


def test_the_server_log_shows_feed_fetches_without_their_token(tmp_path):
    # given a guardian's calendar feed, and an unknown one
    path, token = feed_path()
    unknown = "Zz9" + token[3:][::-1]

    # when a calendar app fetches both through uvicorn, access log on (as `make serve`)
    server = AsgiServer(database_url=database_url_for_servers(tmp_path), redis_url="",
                        var_dir=tmp_path / "var", access_log=True)
    with server:
        assert fetch(server.base + path) == 200
        assert fetch(server.base + path.replace(token, unknown) + "?x=1") == 404

    # then the log has both requests, with the feed path masked, and no token at all
    log = server.output
    assert '"GET /api/v1/timetable/ical/[masqué].ics HTTP/1.1" 200' in log
    assert '"GET /api/v1/timetable/ical/[masqué].ics?x=1 HTTP/1.1" 404' in log
    assert "Not Found: /api/v1/timetable/ical/[masqué].ics" in log
    assert token not in log
    assert unknown not in log


def answers(url: str) -> bool:
    try:
        return fetch(url) == 200
    except OSError:
        return False


def granian_log(*, tmp_path: Path, database_url: str, paths: list[str]) -> tuple[list[int], str]:
    """granian as in docker/entrypoint.sh (WSGI), but with its access log on."""
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
           "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url,
           "PREAU_VAR_DIR": str(tmp_path / "var"),
           # The worker process writes the access log to a file: unbuffered, so that no line
           # is still in a buffer when the server is stopped.
           "PYTHONUNBUFFERED": "1"}
    log_file = tmp_path / "granian.log"
    with log_file.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "granian", "config.wsgi:application", "--interface", "wsgi",
             "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--access-log"],
            cwd=REPO / "backend", env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not answers(f"http://127.0.0.1:{port}/api/v1/health/"):
            assert time.monotonic() < deadline, "granian did not start"
            assert process.poll() is None, "granian exited"
            time.sleep(0.2)
        statuses = [fetch(f"http://127.0.0.1:{port}{path}") for path in paths]
        # The access log is written after the answer is sent: wait for its lines before
        # stopping the server, or the last one may never be written.
        deadline = time.monotonic() + 10
        while (sum(" HTTP/1.1\" " in line and "/health/" not in line
                   for line in log_file.read_text(errors="replace").splitlines()) < len(paths)
               and time.monotonic() < deadline):
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=20)
    return statuses, log_file.read_text(errors="replace")


def test_granian_logs_feed_fetches_without_their_token(tmp_path):
    path, token = feed_path()
    statuses, log = granian_log(tmp_path=tmp_path, paths=[path],
                                database_url=database_url_for_servers(tmp_path))
    assert statuses == [200]
    assert '"GET /api/v1/timetable/ical/[masqué].ics HTTP/1.1" 200' in log
    assert token not in log
