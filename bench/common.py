"""What the bench-core scenarios share: the server's CPU time, query counts in-process,
the environment of the server processes."""

from __future__ import annotations

import os
from contextlib import contextmanager

from bench.servers import ROOT


def server_env(ctx, **extra: str) -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": ctx.settings_module, "DATABASE_URL": ctx.database_url,
            "REDIS_URL": ctx.redis_url,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "backend")]), **extra}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (workers) so far."""
    import psutil

    total = 0.0
    try:
        process = psutil.Process(pid)
        for p in [process, *process.children(recursive=True)]:
            try:
                times = p.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
    except psutil.NoSuchProcess:
        pass
    return total


@contextmanager
def counted_queries():
    """The SQL queries the block runs in this process (Django's test client)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        yield captured


def test_client(username: str):
    """A signed-in Django test client on the bench database (for query counts)."""
    from django.test import Client

    from preau.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    return client


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
