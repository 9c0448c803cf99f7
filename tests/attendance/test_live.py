"""The guardian is told live when the child is marked absent (and by e-mail if asked)."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core import mail
from django.test import Client

from config.asgi import application
from preau.attendance.models import Absence
from preau.attendance.services import absence_accept, absence_justify
from tests.attendance.helpers import TUESDAY, take_call
from tests.world import build_world


def socket_for(user) -> WebsocketCommunicator:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return WebsocketCommunicator(application, "/ws/events/", headers=[
        (b"origin", b"http://testserver"), (b"host", b"testserver"),
        (b"cookie", cookie.encode())])


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_each_guardian_is_told_live_then_the_director_and_the_family_follow_the_justification():
    world = await sync_to_async(build_world)()
    roles = ("guardian", "guardian_2", "guardian_other", "director", "teacher")
    sockets = {role: await sync_to_async(socket_for)(world.user(role)) for role in roles}
    for socket in sockets.values():
        assert (await socket.connect())[0]

    await sync_to_async(take_call)(world.user("teacher"), world.classrooms["A1"], TUESDAY,
                                   absent=[world.pupils["A1"]])

    for role in ("guardian", "guardian_2"):
        event = await sockets[role].receive_json_from(timeout=3)
        assert (event["type"], event["pupil_id"], event["date"], event["absence_kind"]) == (
            "attendance.absence_recorded", world.pupils["A1"].pk, "2026-11-24", "absent")
    assert (await sockets["director"].receive_json_from(timeout=3))["type"] == (
        "attendance.roll_call_taken")
    assert (await sockets["teacher"].receive_json_from(timeout=3))["type"] == (
        "attendance.roll_call_taken")
    assert await sockets["guardian_other"].receive_nothing(timeout=0.3)

    absence = await sync_to_async(Absence.objects.get)()
    await sync_to_async(absence_justify)(actor=world.user("guardian"), absence=absence,
                                         reason="maladie_enfant")
    queued = await sockets["director"].receive_json_from(timeout=3)
    assert (queued["type"], queued["justification_status"]) == (
        "attendance.justification_submitted", "pending")
    await sockets["guardian"].receive_json_from(timeout=3)
    await sockets["guardian_2"].receive_json_from(timeout=3)

    await sync_to_async(absence_accept)(actor=world.user("director"), absence=absence)
    for role in ("guardian", "guardian_2"):
        reviewed = await sockets[role].receive_json_from(timeout=3)
        assert (reviewed["type"], reviewed["justification_status"]) == (
            "attendance.justification_reviewed", "accepted")
    assert await sockets["guardian_other"].receive_nothing(timeout=0.3)
    for socket in sockets.values():
        await socket.disconnect()


@pytest.mark.django_db
def test_a_guardian_who_asked_for_it_gets_an_e_mail_when_the_child_is_absent(
    world, client_for, django_capture_on_commit_callbacks
):
    guardian = world.user("guardian")
    guardian.email = "sophie.martin@example.org"
    guardian.save()
    preferences = client_for("guardian").put("/api/v1/attendance/preferences/",
                                             {"notify_absence_by_email": True}, format="json")
    assert preferences.json() == {"notify_absence_by_email": True}

    with django_capture_on_commit_callbacks(execute=True):
        take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY,
                  absent=[world.pupils["A1"]])

    (message,) = mail.outbox  # guardian_2 did not ask for e-mails
    assert message.to == ["sophie.martin@example.org"]
    assert message.subject == "Absence de Léa Martin le mardi 24 novembre 2026"
    assert "matin" in message.body


@pytest.mark.django_db
def test_no_e_mail_for_a_late_arrival_nor_without_the_opt_in(
    world, django_capture_on_commit_callbacks
):
    guardian = world.user("guardian")
    guardian.email, guardian.notify_absence_by_email = "sophie.martin@example.org", True
    guardian.save()
    world.user("guardian_2").email = "karim@example.org"
    world.user("guardian_2").save()

    with django_capture_on_commit_callbacks(execute=True):
        take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY,
                  late={world.pupils["A1"]: 5})

    assert mail.outbox == []


@pytest.mark.django_db
def test_preferences_are_off_by_default(world, client_for):
    assert client_for("guardian").get("/api/v1/attendance/preferences/").json() == {
        "notify_absence_by_email": False}
