"""The scheduler's nightly tasks: each names a task the worker knows, and the purge purges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from config import celery_app
from preau.common.tasks import purge_expired


def test_every_scheduled_task_is_one_the_worker_runs():
    # What a worker does as it starts: import each installed app's tasks module.
    celery_app.autodiscover_tasks(force=True)
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, name


def test_the_purge_runs_every_night_at_the_school_s_time():
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-expired"]["schedule"]
    assert schedule.hour == {2}
    assert schedule.minute == {30}
    assert celery_app.conf.timezone == "Europe/Paris"


def test_the_digests_are_sent_within_the_quarter_hour_of_their_time():
    schedule = settings.CELERY_BEAT_SCHEDULE["send-due-digests"]["schedule"]
    assert schedule.minute == {0, 15, 30, 45}
    assert len(schedule.hour) == 24


@pytest.mark.django_db
def test_the_nightly_purge_deletes_what_the_retention_policy_expired():
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="alive", session_data="", expire_date=now + timedelta(days=1))

    purge_expired.delay()  # run here, as without a worker (the tests' settings)

    assert list(Session.objects.values_list("session_key", flat=True)) == ["alive"]
