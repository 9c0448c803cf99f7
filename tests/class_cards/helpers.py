"""Helpers of the class-card tests: a school day's hour, an enrolled tablet, a printed card."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rest_framework.test import APIClient

from preau.class_cards.models import ClassCard
from preau.class_cards.services import cards_print

PARIS = ZoneInfo("Europe/Paris")
# A Thursday of class in zone C (2026-2027), at 10:00; the evening of the same day; a Wednesday.
SCHOOL_DAY = datetime(2026, 11, 26, 10, 0, tzinfo=PARIS)
EVENING = datetime(2026, 11, 26, 19, 0, tzinfo=PARIS)
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)
DEVICES = "/api/v1/class-cards/classrooms/{}/devices/"
SIGN_IN = "/api/v1/class-cards/device/sign-in/"
DEVICE = "/api/v1/class-cards/device/"


def enrolled_tablet(world, *, classroom: str = "A1", role: str = "teacher",
                    name: str = "Tablette 1") -> tuple[APIClient, dict]:
    """A browser where the teacher signed in, enrolled it for the class, and signed out:
    it keeps only the device's cookie."""
    client = APIClient()
    client.force_login(world.user(role))
    response = client.post(DEVICES.format(world.classrooms[classroom].pk), {"name": name},
                           format="json")
    assert response.status_code == 201, response.content
    assert client.post("/api/v1/accounts/logout/").status_code in {200, 204}
    return client, response.json()


def printed_card(world, pupil: str = "A1", *, role: str = "teacher") -> tuple[ClassCard, str]:
    """The pupil's card as printed: the card and the QR code's text."""
    printed = cards_print(actor=world.user(role), classroom=world.classrooms[pupil],
                          pupil_ids=[world.pupils[pupil].pk], reprint=True)
    return printed[0].card, printed[0].qr_text
