"""Resetting a card, or revoking the tablet, closes the pupil's open sockets at once."""

from __future__ import annotations

import pytest
import time_machine
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client

from preau.class_cards.models import ClassDevice
from preau.class_cards.services import card_reset, cards_print, device_revoke
from preau.realtime.consumers import CLOSE_UNAUTHORISED
from tests.class_cards.helpers import DEVICES, SCHOOL_DAY, SIGN_IN
from tests.factories import (
    ClassroomFactory,
    EnrolmentFactory,
    PupilFactory,
    SchoolFactory,
    TeacherAssignmentFactory,
    UserFactory,
)
from tests.realtime.test_session_end import closed_with, open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def signed_in_pupil() -> tuple[str, object, object]:
    """A class, its teacher, a pupil with a card, the tablet enrolled through the API and the
    pupil signed in there: the session cookie, the pupil and the teacher's login."""
    classroom = ClassroomFactory(school=SchoolFactory())
    pupil = PupilFactory(first_name="Léa")
    EnrolmentFactory(pupil=pupil, classroom=classroom)
    teacher = UserFactory(person=TeacherAssignmentFactory(classroom=classroom).person)
    tablet = Client()
    tablet.force_login(teacher)
    assert tablet.post(DEVICES.format(classroom.pk), {"name": "Tablette"},
                       content_type="application/json").status_code == 201
    tablet.post("/api/v1/accounts/logout/")
    qr = cards_print(actor=teacher, classroom=classroom)[0].qr_text
    response = tablet.post(SIGN_IN, {"qr": qr}, content_type="application/json")
    assert response.status_code == 200, response.content
    key = tablet.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={key}", pupil, teacher


async def test_a_reset_closes_the_pupil_s_socket():
    with time_machine.travel(SCHOOL_DAY):
        cookie, pupil, teacher = await sync_to_async(signed_in_pupil)()
        socket = await open_socket(cookie)
        await sync_to_async(card_reset)(actor=teacher, pupil=pupil)
        assert await closed_with(socket) == CLOSE_UNAUTHORISED


async def test_revoking_the_tablet_closes_the_socket_of_the_pupil_signed_in_there():
    with time_machine.travel(SCHOOL_DAY):
        cookie, _pupil, teacher = await sync_to_async(signed_in_pupil)()
        socket = await open_socket(cookie)
        device = await sync_to_async(ClassDevice.objects.select_related("classroom").get)()
        await sync_to_async(device_revoke)(actor=teacher, device=device)
        assert await closed_with(socket) == CLOSE_UNAUTHORISED
