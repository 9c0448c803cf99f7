"""PostgreSQL faults, on a private cluster (never the machine's shared server).

- Restarted under a running server: requests during the outage get a clean 503 in the
  error envelope with ``Retry-After``; once PostgreSQL is back the same server process
  answers 200 again by itself.
- Frozen (postmaster and backends stopped with SIGSTOP): every request, one in flight
  included, gets a 503 with ``Retry-After`` within the documented bound, then 200 again once
  the server runs again (SIGCONT).
- A slow query is cut by ``statement_timeout``: a clean 503 ``database_timeout``, not a 500,
  and the next request is served.
- A WebSocket handshake while PostgreSQL is stopped is accepted and closed with 1013
  ("try again later"), and sockets open again once it is back.
- Catch-up with a late commit: a sender's transaction is held open while a later message
  of the same conversation is posted; a client catching up with ``?after=`` the highest
  id it saw still gets the held message.
- Backup and restore (``scripts/backup.sh`` / ``scripts/restore.sh``): a seeded database is
  dumped, restored into a fresh one, and every table has the same rows (count and checksum).

Each test reports its counts in the "Fault tests" summary (tests/faults_report.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import json
import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.realtime.servers import REPO, AsgiServer, socket_outcome
from tests.reliability.postgres import PostgresCluster, manage, postgres_bin_dir

OUTAGE_REQUESTS = 10
RECOVERY_SECONDS = 30


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if postgres_bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing (apt-get install postgresql)")
        pytest.skip("PostgreSQL server binaries are not installed")
    cluster = PostgresCluster().init().start()
    try:
        yield cluster
    finally:
        resume(cluster)  # a test that failed while the server was frozen
        cluster.destroy()


@pytest.fixture(scope="module")
def seeded(cluster, tmp_path_factory):
    """A database with the migrations and the demo, made with the real commands."""
    var_dir = tmp_path_factory.mktemp("seed")
    url = cluster.create_database("preau")
    manage("migrate", "--noinput", database_url=url, var_dir=var_dir)
    manage("seed_demo", database_url=url, var_dir=var_dir)
    return url


def lowered(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


class Browser:
    """A cookie-keeping HTTP client of the server, like the web app (session + CSRF)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, method: str, path: str, body: dict | None = None, *,
                query: dict | None = None, raw: tuple[bytes, str] | None = None):
        headers = {"Accept": "application/json", "Origin": self.base}
        token = next((c.value for c in self.cookies if c.name == "csrftoken"), None)
        if token:
            headers["X-CSRFToken"] = token
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if raw is not None:
            data, headers["Content-Type"] = raw
        if query:
            path = f"{path}?{urllib.parse.urlencode(query)}"
        request = urllib.request.Request(  # noqa: S310 (http on 127.0.0.1 only)
            f"{self.base}{path}", data=data, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, lowered(response.headers), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, lowered(error.headers), json.loads(error.read())

    def log_in(self, username: str) -> None:
        self.request("GET", "/api/v1/accounts/csrf/")
        status, _headers, body = self.request(
            "POST", "/api/v1/accounts/login/", {"username": username, "password": "preau-demo"})
        assert status == 200, body


def server_for(database_url: str, var_dir: Path, **env: str) -> AsgiServer:
    server = AsgiServer(database_url=database_url, redis_url="", var_dir=var_dir)
    server.env.update(env)
    return server


def assert_clean_503(status, headers, body, code: str) -> None:
    assert status == 503, body
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert int(headers["retry-after"]) > 0


def test_requests_during_a_postgresql_restart_get_503_and_the_app_recovers_by_itself(
    cluster, seeded, tmp_path, fault_report
):
    """Test settings: one connection per request, health-checked."""
    paths = ["/api/v1/health/", "/api/v1/accounts/me/", "/api/v1/homework/children/"]
    with server_for(seeded, tmp_path) as server:
        family = Browser(server.base)
        family.log_in("parent")
        before, during, after, slowest, recovery = restart_under(server, cluster, family, paths)

    assert before == [200] * len(paths)
    assert during == [503] * OUTAGE_REQUESTS
    assert recovery < RECOVERY_SECONDS
    assert after == [200] * len(after)
    fault_report("postgresql restarted", answered_200_before=before.count(200),
                 requests_during_the_outage=len(during), answered_503=during.count(503),
                 answered_500=during.count(500), seconds_for_the_slowest_503=slowest,
                 seconds_to_recover=recovery, answered_200_after=after.count(200),
                 requests_after=len(after))


def test_with_the_production_pool_a_restart_is_also_survived(
    cluster, seeded, tmp_path, fault_report
):
    """Production settings: a psycopg pool whose dead connections are checked and replaced."""
    server = server_for(
        seeded, tmp_path, DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="reliability-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false", DB_POOL_MAX_SIZE="4", DB_POOL_TIMEOUT_SECONDS="1")
    with server:
        client = Browser(server.base)
        before, during, after, slowest, recovery = restart_under(
            server, cluster, client, ["/api/v1/health/"])

    assert before == [200]
    assert during == [503] * OUTAGE_REQUESTS
    assert recovery < RECOVERY_SECONDS
    assert after == [200] * len(after)
    fault_report("postgresql restarted, production pool",
                 requests_during_the_outage=len(during), answered_503=during.count(503),
                 seconds_for_the_slowest_503=slowest, seconds_to_recover=recovery,
                 answered_200_after=after.count(200), requests_after=len(after))


def restart_under(server, cluster, client, paths):
    before = [client.request("GET", path)[0] for path in paths]
    cluster.stop()
    during, slowest = [], 0.0
    for number in range(OUTAGE_REQUESTS):
        started = time.monotonic()
        status, headers, body = client.request("GET", paths[number % len(paths)])
        slowest = max(slowest, time.monotonic() - started)
        assert_clean_503(status, headers, body, "database_unavailable")
        during.append(status)
    assert slowest < 5, f"a request waited {slowest:.1f} s for the database"
    cluster.start()
    # The app reconnects by itself: the first 200 comes within seconds, then every request.
    restarted, status = time.monotonic(), None
    while status != 200 and time.monotonic() - restarted < RECOVERY_SECONDS:
        status = client.request("GET", paths[0])[0]
        if status != 200:
            time.sleep(0.2)
    recovery = time.monotonic() - restarted
    after = [client.request("GET", path)[0] for path in paths for _ in range(5)]
    assert server.process.poll() is None  # the same process, never restarted
    return before, during, after, slowest, recovery


def test_a_slow_query_is_cut_by_statement_timeout_with_a_clean_503(
    cluster, seeded, tmp_path, fault_report
):
    server = server_for(seeded, tmp_path, DJANGO_SETTINGS_MODULE="tests.reliability.slow_settings",
                        DB_STATEMENT_TIMEOUT_MS="300")
    with server:
        client = Browser(server.base)
        started = time.monotonic()
        status, headers, body = client.request("GET", "/api/v1/test/slow/")
        elapsed = time.monotonic() - started
        next_status = client.request("GET", "/api/v1/health/")[0]

    assert_clean_503(status, headers, body, "database_timeout")
    assert elapsed < 2.5  # the query would sleep 3 s
    assert next_status == 200
    fault_report("statement_timeout (300 ms) on a 3 s query",
                 answered_503_database_timeout=int(status == 503),
                 seconds_until_the_answer=elapsed,
                 next_request_answered_200=int(next_status == 200))


def test_a_socket_opened_while_postgresql_is_down_is_told_to_try_again_later(
    cluster, seeded, tmp_path, fault_report
):
    """The handshake reads the session and the account: with PostgreSQL stopped it is
    accepted and closed with 1013 at once, not answered HTTP 500."""
    with server_for(seeded, tmp_path) as server:
        family = Browser(server.base)
        family.log_in("parent")
        cookie = "; ".join(f"{c.name}={c.value}" for c in family.cookies)
        before = asyncio.run(socket_outcome(server, cookie))
        cluster.stop()
        try:
            started = time.monotonic()
            during = asyncio.run(socket_outcome(server, cookie))
            seconds_to_answer = time.monotonic() - started
        finally:
            cluster.start()
        restarted, after = time.monotonic(), None
        while after != "open" and time.monotonic() - restarted < RECOVERY_SECONDS:
            after = asyncio.run(socket_outcome(server, cookie))
        recovery = time.monotonic() - restarted

    assert before == "open"
    assert during == 1013
    assert seconds_to_answer < 5
    assert after == "open"
    fault_report("socket handshake while postgresql is stopped", close_code_during=during,
                 seconds_to_answer=seconds_to_answer,
                 seconds_until_a_socket_opens_again=recovery)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "preau-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
             f"{value}\r\n".encode() for name, value in fields.items()]
    parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
              f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
              + content + b"\r\n" for name, (filename, content) in files.items()]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}")


def backends_waiting_for_a_lock(cluster: PostgresCluster) -> int:
    return cluster.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = 'preau' "
                           "AND wait_event_type = 'Lock'")[0][0]


def test_catch_up_gets_a_message_whose_commit_was_held_back_behind_a_later_one(
    cluster, seeded, tmp_path, fault_report
):
    """A sender's transaction is held open (its attachment waits for a table lock) while
    another message is posted in the same conversation; a client that reads meanwhile and
    then catches up with ``?after=`` the highest id it saw still gets the held message."""
    with server_for(seeded, tmp_path) as server:
        family, teacher, reader = (Browser(server.base) for _ in range(3))
        family.log_in("parent")
        reader.log_in("parent")  # the family's phone, reading while the computer sends
        teacher.log_in("enseignant")
        teacher_id = teacher.request("GET", "/api/v1/accounts/me/")[2]["id"]
        status, _headers, body = family.request("POST", "/api/v1/messaging/conversations/", {
            "recipients": [teacher_id], "subject": "Sortie", "body": "Bonjour"})
        assert status == 201, body
        conversation_id = body["conversations"][0]["id"]
        url = f"/api/v1/messaging/conversations/{conversation_id}/messages/"
        cursor = max(m["id"] for m in reader.request("GET", url)[2]["results"])
        answers: list = []

        def post(browser: Browser, **kwargs) -> threading.Thread:
            thread = threading.Thread(
                target=lambda: answers.append(browser.request("POST", url, **kwargs)[0]))
            thread.start()
            return thread

        with psycopg.connect(cluster.url("preau")) as locker:
            # the family's message with an attachment: its transaction is held open
            locker.execute("LOCK TABLE messaging_attachment IN EXCLUSIVE MODE")
            held = post(family, raw=multipart({"body": "Envoyé en premier, validé en dernier"},
                                              {"attachments": ("mot.txt", b"Bonjour")}))
            deadline = time.monotonic() + 10
            while backends_waiting_for_a_lock(cluster) == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert backends_waiting_for_a_lock(cluster) == 1
            # the teacher replies meanwhile: a later message, committed as soon as it may
            later = post(teacher, body={"body": "Envoyé en second"})
            later.join(timeout=2)
            # the family reads the thread meanwhile, keeping the highest id as its cursor
            seen = reader.request("GET", url, query={"after": cursor})[2]["results"]
            cursor = max([cursor, *(m["id"] for m in seen)])
            locker.rollback()  # the held transaction goes on and commits
        held.join(timeout=30)
        later.join(timeout=30)
        caught_up = reader.request("GET", url, query={"after": cursor})[2]["results"]

    assert answers.count(201) == 2
    bodies = sorted(m["body"] for m in [*seen, *caught_up])
    assert bodies == ["Envoyé en premier, validé en dernier", "Envoyé en second"]
    fault_report("catch-up with a commit held back", messages_seen_before_the_commit=len(seen),
                 messages_caught_up_after=len(caught_up))


def table_fingerprints(cluster: PostgresCluster, database: str) -> dict[str, tuple[int, str]]:
    """Every table of the schema: its row count and an md5 of its rows in a fixed order."""
    tables = [row[0] for row in cluster.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        database=database)]
    fingerprints = {}
    for table in tables:
        ((count, checksum),) = cluster.execute(
            f'SELECT count(*), md5(coalesce(string_agg(t::text, E\'\\n\' ORDER BY t::text), \'\')) '  # noqa: S608 (names from pg_tables)
            f'FROM public."{table}" AS t', database=database)
        fingerprints[table] = (count, checksum)
    return fingerprints


def test_backup_and_restore_give_back_every_row(cluster, seeded, tmp_path, fault_report):
    dump = tmp_path / "preau.dump"
    env = {**os.environ, "PATH": f"{cluster.bin}:{os.environ['PATH']}"}
    subprocess.run([str(REPO / "scripts/backup.sh"), seeded, str(dump)],
                   env=env, check=True, capture_output=True, timeout=300)
    restored = cluster.create_database("preau_restored")
    subprocess.run([str(REPO / "scripts/restore.sh"), str(dump), restored],
                   env=env, check=True, capture_output=True, timeout=300)

    original = table_fingerprints(cluster, "preau")
    copy = table_fingerprints(cluster, "preau_restored")

    # What the demo seeds today; every other table is compared too (empty or not).
    key_tables = ["accounts_user", "people_person", "people_guardianship", "people_enrolment",
                  "people_staffassignment", "schools_school", "schools_classroom",
                  "timetable_timetableslot", "timetable_timetableexception", "django_migrations"]
    for table in key_tables:
        assert original[table][0] > 0, f"the demo seeds {table}"
    assert copy == original
    rows = sum(count for count, _ in original.values())
    fault_report("backup and restore", tables_identical=len(original), rows_identical=rows,
                 bytes_of_dump=dump.stat().st_size)


# The documented bound (docs/operations.md): PREAU_REQUEST_DATABASE_SECONDS (9 s) and the
# handling of the 503.
FROZEN_ANSWER_SECONDS = 10.5
PGREP = shutil.which("pgrep") or "/usr/bin/pgrep"


def server_processes(cluster: PostgresCluster) -> list[int]:
    postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    children = subprocess.run([PGREP, "-P", str(postmaster)], capture_output=True, text=True,
                              check=False, timeout=10).stdout.split()
    return [postmaster, *(int(child) for child in children)]


def resume(cluster: PostgresCluster) -> None:
    if (cluster.data / "postmaster.pid").exists():
        for pid in server_processes(cluster):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


class Frozen:
    """PostgreSQL still holds its port and its connections, but answers nothing."""

    def __init__(self, cluster: PostgresCluster) -> None:
        self.cluster = cluster
        self.pids: list[int] = []

    def __enter__(self) -> Frozen:
        self.pids = server_processes(self.cluster)
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):  # a backend that was ending
                os.kill(pid, signal.SIGSTOP)
        return self

    def __exit__(self, *exc) -> None:
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


def wait_for_query(cluster: PostgresCluster, start: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if cluster.execute("SELECT count(*) FROM pg_stat_activity "  # noqa: S608 (test text)
                           f"WHERE query LIKE '{start}%' AND state = 'active'")[0][0]:
            return
        time.sleep(0.05)
    raise TimeoutError(f"no query {start!r} started")


def timed(client: Browser, method: str, path: str, body: dict | None = None):
    started = time.monotonic()
    status, headers, answer = client.request(method, path, body)
    return status, headers, answer, time.monotonic() - started


def wait_for_200(client: Browser, path: str) -> float:
    started, status = time.monotonic(), None
    while status != 200 and time.monotonic() - started < RECOVERY_SECONDS:
        status = client.request("GET", path)[0]
        if status != 200:
            time.sleep(0.2)
    return time.monotonic() - started


def test_a_frozen_postgresql_gets_every_request_a_503_within_the_bound(
    cluster, seeded, tmp_path, fault_report
):
    """Test settings (a connection per request); the slow view holds a query when the
    server freezes, so that the request in flight is proved bounded too."""
    server = server_for(seeded, tmp_path, DJANGO_SETTINGS_MODULE="tests.reliability.slow_settings")
    with server:
        family, visitor = Browser(server.base), Browser(server.base)
        family.log_in("parent")
        visitor.request("GET", "/api/v1/accounts/csrf/")
        answers: dict[str, tuple] = {}
        in_flight = threading.Thread(target=lambda: answers.update(
            slow=timed(family, "GET", "/api/v1/test/slow/")))
        in_flight.start()
        wait_for_query(cluster, "SELECT pg_sleep")  # running when the server freezes
        with Frozen(cluster):
            in_flight.join(30)
            answers["health"] = timed(visitor, "GET", "/api/v1/health/")
            answers["me"] = timed(family, "GET", "/api/v1/accounts/me/")
            answers["login"] = timed(visitor, "POST", "/api/v1/accounts/login/",
                                     {"username": "parent", "password": "preau-demo"})
        recovery = wait_for_200(family, "/api/v1/accounts/me/")

    for status, headers, body, _seconds in answers.values():
        assert_clean_503(status, headers, body, "database_unavailable")
    slowest = max(seconds for *_answer, seconds in answers.values())
    assert slowest < FROZEN_ANSWER_SECONDS, answers
    assert recovery < RECOVERY_SECONDS
    fault_report("postgresql frozen (SIGSTOP)", requests_during_the_freeze=len(answers),
                 answered_503=sum(answer[0] == 503 for answer in answers.values()),
                 seconds_for_the_request_in_flight=answers["slow"][3],
                 seconds_for_a_new_request=answers["health"][3],
                 seconds_for_the_login=answers["login"][3],
                 seconds_to_recover_after_sigcont=recovery)


def test_with_the_production_pool_a_frozen_postgresql_also_gets_a_503_within_the_bound(
    cluster, seeded, tmp_path, fault_report
):
    server = server_for(
        seeded, tmp_path, DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="reliability-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false", DB_POOL_MAX_SIZE="4")
    with server:
        client = Browser(server.base)
        assert client.request("GET", "/api/v1/health/")[0] == 200
        with Frozen(cluster):
            during = [timed(client, "GET", "/api/v1/health/") for _ in range(2)]
        recovery = wait_for_200(client, "/api/v1/health/")

    for status, headers, body, _seconds in during:
        assert_clean_503(status, headers, body, "database_unavailable")
    slowest = max(seconds for *_answer, seconds in during)
    assert slowest < FROZEN_ANSWER_SECONDS
    assert recovery < RECOVERY_SECONDS
    fault_report("postgresql frozen (SIGSTOP), production pool", requests_during_the_freeze=2,
                 answered_503=sum(answer[0] == 503 for answer in during),
                 seconds_for_the_slowest_503=slowest, seconds_to_recover_after_sigcont=recovery)
