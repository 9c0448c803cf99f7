"""The task queue: Celery, with Redis as its broker (docs/tasks.md).

Work that must not hold up a request (e-mails now; pushes, digests and reminders next)
runs as a task: in a worker (``celery -A config worker``, a service of docker/compose.yaml)
when Redis is configured, in the request's own process right after its commit in the
embedded default (``make demo``: no Redis, ``CELERY_TASK_ALWAYS_EAGER``). The settings are
Django's whose names start with "CELERY" (config/settings/base.py).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("preau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
