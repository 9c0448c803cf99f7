"""Twenty devices send the same call at once: one call, no duplicate absence.

Real concurrency: threads, each with its own database connection, released together by a
barrier, against a committed database (``transaction=True``). On PostgreSQL the racing
inserts meet the unique constraints; on SQLite the writers queue behind one another
(``BEGIN IMMEDIATE`` and a busy timeout, as configured). The same assertions hold on both.

SQLite's in-memory test database is shared between connections through a shared cache,
which answers "table is locked" at once instead of waiting like a database file does: on
SQLite the devices work on a file copy of the test database, as a real server would.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from preau.attendance.models import Absence, RollCall
from preau.common.models import IdempotencyRecord
from tests.attendance.helpers import TUESDAY, add_pupils, marks
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

DEVICES = 20


class Devices:
    """Threads with their own database connections, started together."""

    def __init__(self, tmp_path) -> None:
        self.tmp_path = tmp_path
        self.settings: dict | None = None

    def share_database(self) -> None:
        """Call once the world is built: what the threads will connect to."""
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return  # PostgreSQL: the test database itself
        path = self.tmp_path / "devices.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        self.settings = {**connection.settings_dict, "NAME": str(path)}
        self.wrapper_class = type(connections["default"])

    def _bind(self) -> None:
        if self.settings is not None:
            connections["default"] = self.wrapper_class(self.settings, "default")

    def _in_thread(self, work, barrier: threading.Barrier | None, results: list,
                   index: int) -> None:
        try:
            self._bind()
            if barrier is not None:
                barrier.wait(timeout=30)
            results[index] = work()
        except Exception as error:  # reported by the assertions
            results[index] = error
        finally:
            connections["default"].close()

    def race(self, sends: list) -> list:
        """Run each ``send()`` in its thread, all released at the same moment; their results."""
        barrier = threading.Barrier(len(sends))
        results: list = [None] * len(sends)
        threads = [threading.Thread(target=self._in_thread, args=(send, barrier, results, i))
                   for i, send in enumerate(sends)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return results

    def read(self, query):
        """Run ``query()`` against the database the devices wrote to."""
        results: list = [None]
        thread = threading.Thread(target=self._in_thread, args=(query, None, results, 0))
        thread.start()
        thread.join(timeout=60)
        if isinstance(results[0], Exception):
            raise results[0]
        return results[0]


@pytest.fixture
def devices(tmp_path) -> Devices:
    return Devices(tmp_path)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_twenty_concurrent_submits_of_the_same_call_make_one_call_and_no_duplicate(devices):
    world = build_world()
    classroom = world.classrooms["A1"]
    absent = [world.pupils["A1"], *add_pupils(classroom, 3)]
    late = add_pupils(classroom, 1)
    user = world.user("teacher")
    url = f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/"
    body = {"date": TUESDAY.isoformat(), "half_day": "morning",
            "absences": marks(absent, {late[0]: 12})}

    clients = [_client(user) for _ in range(DEVICES)]
    devices.share_database()

    responses = devices.race([lambda c=c: c.post(url, body, format="json") for c in clients])

    assert all(not isinstance(r, Exception) for r in responses), responses
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (DEVICES - 1) + [201], statuses
    assert len({r.json()["id"] for r in responses}) == 1
    assert devices.read(RollCall.objects.count) == 1
    assert sorted(devices.read(lambda: list(Absence.objects.values_list("pupil_id", flat=True)))
                  ) == sorted(p.pk for p in [*absent, *late])


def test_twenty_concurrent_submits_with_one_idempotency_key_replay_one_answer(devices):
    world = build_world()
    classroom = world.classrooms["A1"]
    user = world.user("teacher")
    url = f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/"
    body = {"date": TUESDAY.isoformat(), "half_day": "morning",
            "absences": marks([world.pupils["A1"]])}
    key = str(uuid.uuid4())
    clients = [_client(user) for _ in range(DEVICES)]
    devices.share_database()

    responses = devices.race([lambda c=c: c.post(url, body, format="json",
                                                 HTTP_IDEMPOTENCY_KEY=key) for c in clients])

    assert all(not isinstance(r, Exception) for r in responses), responses
    assert {r.status_code for r in responses} == {201}
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == DEVICES - 1
    assert len({r.json()["id"] for r in responses}) == 1
    assert devices.read(RollCall.objects.count) == 1
    assert devices.read(Absence.objects.count) == 1
    assert devices.read(IdempotencyRecord.objects.count) == 1
