"""Data first: Redis stopped and restarted during live use.

A guardian and a teacher use the app live (messages, homework, roll calls, each with its
own event). Redis stops: every write still succeeds (2xx, never a 5xx), the events are lost
and logged. Redis starts again: the clients reconnect their socket, catch up on what they
missed (``?after=`` for messages, a refetch of the homework and absence lists), and receive
the next events live. The counts are printed in the "Fault tests" summary.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.test import APIClient

from config.asgi import application
from preau.messaging.models import Message
from tests.realtime.servers import RedisServer
from tests.world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

# Wednesday 25 November 2026, 10:00 in Paris: the roll calls below are of past half-days.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
OUTAGE_MESSAGES = 20
OUTAGE_HOMEWORK = 5
# School half-days before NOW, one roll call each: before, during and after the outage.
CALL_BEFORE = ("2026-11-16", "morning")
CALLS_DURING = [("2026-11-16", "afternoon"), ("2026-11-17", "morning"),
                ("2026-11-17", "afternoon")]
CALL_AFTER = ("2026-11-19", "morning")


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def connect(user) -> WebsocketCommunicator:
    cookie = await sync_to_async(session_cookie_for)(user)
    socket = WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", b"http://testserver"), (b"host", b"testserver"), (b"cookie", cookie.encode())])
    connected, _ = await socket.connect(timeout=5)
    assert connected
    return socket


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


async def receive(socket: WebsocketCommunicator, count: int) -> list[str]:
    """Exactly ``count`` events (each within 5 s), then nothing more: their types."""
    events = [(await socket.receive_json_from(timeout=5))["type"] for _ in range(count)]
    assert await socket.receive_nothing(timeout=0.3), "more events than expected"
    return events


class LostEvents(logging.Handler):
    """Counts the events the publisher could not deliver (one log line per event)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.events = 0
        self.deliveries = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "not delivered" in record.msg:
            self.events += 1
            self.deliveries += record.args[1]


class Writes:
    """Every write of the scenario, with its HTTP status."""

    def __init__(self, world) -> None:
        self.world = world
        self.statuses: list[int] = []
        self.teacher = client_of(world.user("teacher"))
        self.guardian = client_of(world.user("guardian"))
        self.classroom = world.classrooms["A1"].pk
        self.messages_url = ""

    def _record(self, response):
        self.statuses.append(response.status_code)
        return response

    def start_conversation(self):
        response = self._record(self.guardian.post(
            "/api/v1/messaging/conversations/",
            {"recipients": [self.world.user("teacher").pk], "subject": "Sortie",
             "body": "Bonjour"}, format="json"))
        conversation_id = response.json()["conversations"][0]["id"]
        self.messages_url = f"/api/v1/messaging/conversations/{conversation_id}/messages/"
        return response

    def message(self, body: str):
        return self._record(self.guardian.post(self.messages_url, {"body": body}, format="json"))

    def homework(self, instructions: str):
        return self._record(self.teacher.post(
            f"/api/v1/homework/classrooms/{self.classroom}/homework/",
            {"subject": "mathematiques", "instructions": instructions,
             "due_date": "2026-11-27", "estimated_minutes": 20}, format="json"))

    def roll_call(self, day: str, half_day: str):
        return self._record(self.teacher.post(
            f"/api/v1/attendance/classrooms/{self.classroom}/roll-calls/",
            {"date": day, "half_day": half_day,
             "absences": [{"pupil": self.world.pupils["A1"].pk, "absence_kind": "absent"}]},
            format="json"))

    def count(self, low: int, high: int) -> int:
        return sum(low <= status < high for status in self.statuses)


async def test_redis_stopped_and_restarted_during_live_use(fault_report):
    lost = LostEvents()
    logging.getLogger("preau.realtime").addHandler(lost)
    redis = RedisServer().start()
    layers = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                          "CONFIG": {"hosts": [redis.url], "prefix": "preau-outage"}}}
    call = sync_to_async
    try:
        with override_settings(CHANNEL_LAYERS=layers), time_machine.travel(NOW):
            world = await call(build_world)()
            writes = await call(Writes)(world)
            teacher_socket = await connect(world.user("teacher"))
            guardian_socket = await connect(world.user("guardian"))

            # Live use: a conversation and 4 more messages, a homework, a roll call.
            await call(writes.start_conversation)()
            for number in range(1, 5):
                await call(writes.message)(f"Avant {number}")
            last_message = (await call(writes.message)("Avant 5")).json()["id"]
            homework_before = (await call(writes.homework)("Avant la panne")).json()["id"]
            await call(writes.roll_call)(*CALL_BEFORE)
            assert writes.statuses == [201] * 8
            teacher_live = await receive(teacher_socket, 8)  # 6 messages, homework, roll call
            guardian_live = await receive(guardian_socket, 2)  # homework, absence
            assert sorted(set(teacher_live)) == ["attendance.roll_call_taken",
                                                 "homework.changed", "message.created"]
            assert sorted(guardian_live) == ["attendance.absence_recorded", "homework.changed"]
            live_before = len(teacher_live) + len(guardian_live)

            # Redis stops during live use.
            redis.stop()
            before_outage = len(writes.statuses)
            started = time.monotonic()
            for number in range(1, OUTAGE_MESSAGES + 1):
                await call(writes.message)(f"Message {number}")
            for number in range(1, OUTAGE_HOMEWORK + 1):
                await call(writes.homework)(f"Pendant la panne {number}")
            for day, half_day in CALLS_DURING:
                await call(writes.roll_call)(day, half_day)
            elapsed = time.monotonic() - started
            during = writes.statuses[before_outage:]

            # Every write succeeded and was stored; only the events were lost (and logged).
            assert during == [201] * len(during)
            assert elapsed < len(during) * 2.5  # each send is bounded, never hangs
            stored = await call(Message.objects.filter(pk__gt=last_message).count)()
            assert stored == OUTAGE_MESSAGES
            assert lost.events >= len(during)  # at least one lost event per write
            assert await teacher_socket.receive_nothing(timeout=0.3)
            assert await guardian_socket.receive_nothing(timeout=0.3)
            await teacher_socket.disconnect()
            await guardian_socket.disconnect()

            # Redis is back: the clients reconnect and catch up on what they missed.
            redis.start()
            teacher_socket = await connect(world.user("teacher"))
            guardian_socket = await connect(world.user("guardian"))
            teacher_api, guardian_api = writes.teacher, writes.guardian
            messages = (await call(teacher_api.get)(writes.messages_url,
                                                    {"after": last_message})).json()["results"]
            assert [m["body"] for m in messages] == [
                f"Message {n}" for n in range(1, OUTAGE_MESSAGES + 1)]
            homework = (await call(guardian_api.get)(
                f"/api/v1/homework/classrooms/{writes.classroom}/homework/",
                {"start": "2026-11-23", "end": "2026-11-29"})).json()["results"]
            new_homework = [h for h in homework if h["id"] > homework_before]
            assert len(new_homework) == OUTAGE_HOMEWORK
            absences = (await call(guardian_api.get)("/api/v1/attendance/absences/")).json()
            absence_days = {(a["date"], a["half_day"]) for a in absences["results"]}
            assert absence_days == {CALL_BEFORE, *CALLS_DURING}
            caught_up = len(messages) + len(new_homework) + len(CALLS_DURING)

            # And the next events arrive live on the new sockets.
            after_restart = len(writes.statuses)
            await call(writes.message)("De retour")
            await call(writes.homework)("Après la panne")
            await call(writes.roll_call)(*CALL_AFTER)
            assert writes.statuses[after_restart:] == [201, 201, 201]
            teacher_after = await receive(teacher_socket, 3)
            guardian_after = await receive(guardian_socket, 2)
            assert sorted(guardian_after) == ["attendance.absence_recorded", "homework.changed"]
            live_after = len(teacher_after) + len(guardian_after)
            await teacher_socket.disconnect()
            await guardian_socket.disconnect()

        assert writes.count(500, 600) == 0
        fault_report(
            "redis stopped and restarted",
            writes_attempted=len(writes.statuses), answered_2xx=writes.count(200, 300),
            answered_5xx=writes.count(500, 600), writes_during_the_outage=len(during),
            events_live_before=live_before, events_lost_during=lost.events,
            deliveries_lost=lost.deliveries, items_caught_up_after=caught_up,
            events_live_after_restart=live_after, seconds_of_outage_writes=elapsed)
    finally:
        redis.stop()
        logging.getLogger("preau.realtime").removeHandler(lost)
