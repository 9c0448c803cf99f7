"""The production topology runs, not only its files (issue 19): nginx with the project's proxy
configuration in front of granian (WSGI) and uvicorn (ASGI), a Celery worker and the
scheduler, PostgreSQL and Redis — started from Debian's packages and the project's
commands as docs/operations.md describes a deployment without Docker (tests/e2e/topology.py).

Through the proxy, in Chromium: a guardian signs in on the login page; the teacher records
the child absent (the API, through the proxy, with the teacher's session); the guardian's
page shows the absence live (the WebSocket, through nginx to uvicorn); the worker sends the
absence e-mail to the suite's SMTP server; the scheduler is running.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from playwright.sync_api import expect

from tests.e2e.second_step import open_session
from tests.e2e.test_attendance import last_school_morning
from tests.e2e.test_timetable import french_day, new_page
from tests.e2e.topology import Topology, nginx_available
from tests.realtime.servers import database_url_for_servers
from tests.tasks.peers import MailServer, wait_until
from tests.world import build_world

ADDRESS = "sophie.martin@example.org"
PASSWORD = "motdepasse-demo"


@pytest.fixture
def topology_world(browser, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the production topology runs on PostgreSQL (DATABASE_URL)")
    if not nginx_available():
        reason = "nginx is absent (apt-get install nginx; .ci/run installs it)"
        if os.environ.get("REQUIRE_BROWSER") == "1":  # CI: every browser test runs
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    world = build_world()
    guardian = world.user("guardian")
    guardian.email, guardian.notify_absence_by_email = ADDRESS, True
    # Hashed as production checks it (the tests' settings hash with MD5 for speed).
    guardian.password = make_password(PASSWORD, hasher="argon2")
    guardian.save(update_fields=["email", "notify_absence_by_email", "password"])
    return world


def test_through_the_proxy_a_family_signs_in_sees_an_absence_live_and_the_worker_mails_it(
        browser, topology_world, tmp_path):
    world = topology_world
    day = last_school_morning(world.classrooms["A1"])
    with MailServer() as smtp, Topology(tmp_path, database_url=database_url_for_servers(
            tmp_path), email_url=smtp.url, secret_key=settings.SECRET_KEY) as site:
        family, page = new_page(browser, site.url)
        school, teacher = new_page(browser, site.url)
        try:
            page.goto("/connexion")
            page.get_by_label("Identifiant").fill("guardian")
            page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
            with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
                page.get_by_role("button", name="Se connecter").click()
                page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
            léa = page.get_by_role("region", name="Léa Martin · CE2 A")
            expect(léa.get_by_role("region", name="Absences à justifier")).to_have_count(0)

            open_session(teacher, "teacher")
            csrf = teacher.request.get("/api/v1/accounts/csrf/").json()["csrf_token"]
            response = teacher.request.post(
                f"/api/v1/attendance/classrooms/{world.classrooms['A1'].pk}/roll-calls/",
                data={"date": day.isoformat(), "half_day": "morning",
                      "absences": [{"pupil": world.pupils["A1"].pk, "absence_kind": "absent"}]},
                headers={"X-CSRFToken": csrf, "Idempotency-Key": str(uuid.uuid4()),
                         "Referer": site.url + "/"})
            assert response.status == 201, response.text()

            absences = léa.get_by_role("region", name="Absences à justifier")
            expect(absences.get_by_text(f"Absence le {french_day(day)} (matin)")).to_be_visible(
                timeout=10_000)
            wait_until(lambda: smtp.messages, timeout=30, what="the absence e-mail")
        finally:
            family.close()
            school.close()
        (mail,) = smtp.messages
        assert mail["To"] == ADDRESS
        assert "Absence de Léa Martin" in str(mail["Subject"])
        assert "attendance.send_absence_email" in site.log("worker")
        assert site.processes["scheduler"].poll() is None  # the scheduler keeps running
        access = (tmp_path / "nginx-logs" / "access.log").read_text()
        assert '"POST /api/v1/accounts/login/' in access  # all of it went through nginx
        assert "/ws/events/" in access
