"""The task queue with real peers: a Celery worker process, a Redis broker of its own and an
SMTP server (aiosmtpd). A roll call marks a child absent; the guardian who asked for e-mails
is told by a task that the worker runs, retried while the mail server says "later", and
reported in the worker's log when it fails for good — by its ids, never by the family's
name or address."""

from __future__ import annotations

import logging
import os
import re
import signal
import time
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from preau.attendance.models import Absence
from tests.attendance.helpers import TUESDAY, take_call
from tests.realtime.servers import RedisServer, database_url_for_servers
from tests.tasks.peers import CeleryWorker, MailServer, tasks_sent_to, wait_until
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "sophie.martin@example.org"


def absent_with_an_e_mail_asked_for():
    """The world, with Léa's guardian Sophie asking for absence e-mails."""
    world = build_world()
    guardian = world.user("guardian")
    guardian.email, guardian.notify_absence_by_email = ADDRESS, True
    guardian.save()
    return world


def roll_call_with_its_mail_queued(world, redis: RedisServer) -> Absence:
    """The teacher's roll call marks Léa absent: answered, its mail's task waiting in Redis."""
    with tasks_sent_to(redis.url):
        take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY,
                  absent=[world.pupils["A1"]])
    return Absence.objects.get(pupil=world.pupils["A1"])


def worker_for(tmp_path, redis: RedisServer, smtp: MailServer, **options) -> CeleryWorker:
    return CeleryWorker(database_url=database_url_for_servers(tmp_path), broker_url=redis.url,
                        email_url=smtp.url, log=tmp_path / "worker.log", **options)


def test_a_mail_the_server_defers_is_retried_by_the_worker_and_arrives_once(tmp_path):
    world = absent_with_an_e_mail_asked_for()
    with RedisServer() as redis, MailServer(defer=2) as smtp:
        roll_call_with_its_mail_queued(world, redis)
        assert smtp.messages == []

        with worker_for(tmp_path, redis, smtp) as worker:
            wait_until(lambda: smtp.messages, timeout=30, what="the absence e-mail")
            time.sleep(1.0)  # a second copy would arrive meanwhile

    (message,) = smtp.messages
    assert message["To"] == ADDRESS
    assert message["Subject"] == "Absence de Léa Martin le mardi 24 novembre 2026"
    assert smtp.deferred == 2
    log = worker.output()
    assert len(re.findall(r"tâche attendance\.send_absence_email réessayée", log)) == 2, log
    assert "échec définitif" not in log

    # The mail's one-click address (RFC 8058), posted as the guardian's mail client does.
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = urlsplit(message["List-Unsubscribe"].strip().strip("<>"))  # folded: a space
    response = APIClient().post(address.path, "List-Unsubscribe=One-Click",
                                content_type="application/x-www-form-urlencoded")
    assert response.json() == {"notify_absence_by_email": False}


def test_a_mail_that_never_leaves_is_retried_then_reported_without_personal_data(tmp_path):
    world = absent_with_an_e_mail_asked_for()
    with RedisServer() as redis, MailServer(defer=1000) as smtp:
        absence = roll_call_with_its_mail_queued(world, redis)

        with worker_for(tmp_path, redis, smtp, max_retries=2) as worker:
            wait_until(lambda: "échec définitif" in worker.output(), timeout=30,
                       what="the report of the failed task")

    log = worker.output()
    assert smtp.deferred == 3
    assert smtp.messages == []
    (report,) = [line for line in log.splitlines() if "échec définitif" in line]
    assert "tâche attendance.send_absence_email" in report
    assert f"arguments ({absence.pk}, {world.user('guardian').pk})" in report
    assert "3 essai(s)" in report
    assert "réponse 451 du serveur de courriel" in report
    # Nothing in the whole log names the family.
    for personal in (ADDRESS, "Léa", "Martin", "Sophie"):
        assert personal not in log
    # The roll call itself stands.
    assert Absence.objects.filter(pk=absence.pk).exists()


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("broker", ["stopped", "frozen"])
def test_with_the_broker_away_the_roll_call_stands_and_the_lost_mails_are_logged(
        broker, caplog, django_capture_on_commit_callbacks, fault_report):
    world = absent_with_an_e_mail_asked_for()
    guardian_2 = world.user("guardian_2")
    guardian_2.email, guardian_2.notify_absence_by_email = "karim.martin@example.org", True
    guardian_2.save()

    with RedisServer() as redis:
        url = redis.url
        if broker == "stopped":
            redis.stop()
        else:
            os.kill(redis.process.pid, signal.SIGSTOP)  # it accepts connections, never answers
        try:
            with tasks_sent_to(url), caplog.at_level(logging.ERROR, logger="preau.tasks"):
                started = time.monotonic()
                # The commit's callbacks (the live events, the tasks) run as the block ends.
                with django_capture_on_commit_callbacks(execute=True):
                    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY,
                              absent=[world.pupils["A1"]])
                took = time.monotonic() - started
        finally:
            if broker == "frozen":
                os.kill(redis.process.pid, signal.SIGCONT)

    absence = Absence.objects.get(pupil=world.pupils["A1"])
    reports = sorted(r.getMessage() for r in caplog.records if r.name == "preau.tasks")
    assert reports == [
        f"tâche attendance.send_absence_email({absence.pk}, {user.pk}) perdue : la file de "
        "tâches (Redis) ne répond pas" for user in sorted(
            [world.user("guardian"), guardian_2], key=lambda u: str(u.pk))]
    fault_report(f"task broker {broker}, a roll call with two e-mails asked for",
                 seconds_for_the_roll_call=took, lost_mails_logged=len(reports))
    assert took < 5, f"the roll call waited {took:.1f} s for the broker"
