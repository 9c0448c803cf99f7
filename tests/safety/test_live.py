"""The muster reaches every staff phone live — not the families."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from preau.safety.models import DrillKind
from preau.safety.services import muster_mark, muster_start
from tests.attendance.test_live import socket_for
from tests.world import build_world


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_the_start_and_each_tap_reach_the_school_s_staff_live():
    world = await sync_to_async(build_world)()
    roles = ("director", "teacher", "teacher_other", "director_other", "guardian")
    sockets = {role: await sync_to_async(socket_for)(world.user(role)) for role in roles}
    for socket in sockets.values():
        assert (await socket.connect())[0]

    muster = await sync_to_async(muster_start)(
        actor=world.user("teacher"), school=world.schools["A"], kind=DrillKind.FIRE,
        is_drill=True)
    for role in ("director", "teacher", "teacher_other"):
        event = await sockets[role].receive_json_from(timeout=3)
        assert (event["type"], event["muster_id"], event["kind"]) == (
            "safety.muster_started", muster.pk, "fire")

    await sync_to_async(muster_mark)(actor=world.user("teacher_other"), muster=muster,
                                     marks=[{"pupil": world.pupils["A2"].pk, "found": True}])
    event = await sockets["director"].receive_json_from(timeout=3)
    assert (event["type"], event["pupil_id"]) == ("safety.muster_marked", world.pupils["A2"].pk)
    assert event["found_at"] is not None

    for role in ("director_other", "guardian"):  # another school's director, a family
        assert await sockets[role].receive_nothing(timeout=0.3)
    for socket in sockets.values():
        await socket.disconnect()
