"""One click to stop the absence e-mails (RFC 8058): the mail names an address in its
``List-Unsubscribe`` header; the guardian's mail client posts to it, with no session."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone
from rest_framework.test import APIClient

from preau.attendance.unsubscribe import unsubscribe_token
from tests.attendance.helpers import TUESDAY, take_call

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def guardian(world):
    user = world.user("guardian")
    user.email, user.notify_absence_by_email = "sophie.martin@example.org", True
    user.save()
    return user


def absent(world, on, capture) -> list:
    mail.outbox.clear()
    with capture(execute=True):
        take_call(world.user("teacher"), world.classrooms["A1"], on, absent=[world.pupils["A1"]])
    return list(mail.outbox)


def posted_as_a_mail_client(url: str):
    """What a mail client sends (RFC 8058 §3.2): a POST of the one-click body, no cookie."""
    return APIClient().post(urlsplit(url).path, ONE_CLICK,
                            content_type="application/x-www-form-urlencoded")


def test_the_mail_s_one_click_address_stops_the_next_mails(
        world, guardian, django_capture_on_commit_callbacks):
    (message,) = absent(world, TUESDAY, django_capture_on_commit_callbacks)
    headers = message.extra_headers
    assert headers["List-Unsubscribe-Post"] == ONE_CLICK
    url = headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http")
    assert "/api/v1/attendance/unsubscribe/" in url

    response = posted_as_a_mail_client(url)

    assert response.status_code == 200
    assert response.json() == {"notify_absence_by_email": False}
    guardian.refresh_from_db()
    assert guardian.notify_absence_by_email is False
    assert absent(world, TUESDAY - timedelta(days=1), django_capture_on_commit_callbacks) == []


def test_opening_the_address_does_not_unsubscribe(world, guardian):
    url = f"/api/v1/attendance/unsubscribe/{unsubscribe_token(user_id=guardian.pk)}/"

    assert APIClient().get(url).status_code == 405  # a mail scanner follows links
    guardian.refresh_from_db()
    assert guardian.notify_absence_by_email is True


@pytest.mark.parametrize("token", [
    "inconnu",
    "altered",
    "other-salt",
    "inactive",
])
def test_a_token_altered_foreign_or_of_an_inactive_login_is_a_404(world, guardian, token):
    good = unsubscribe_token(user_id=guardian.pk)
    tokens = {
        "inconnu": "inconnu",
        "altered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "other-salt": signing.dumps({"user": guardian.pk}, compress=False),
        "inactive": unsubscribe_token(user_id=world.user("guardian_2").pk),
    }
    world.user("guardian_2").is_active = False
    world.user("guardian_2").save()

    response = APIClient().post(f"/api/v1/attendance/unsubscribe/{tokens[token]}/", ONE_CLICK,
                                content_type="application/x-www-form-urlencoded")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    guardian.refresh_from_db()
    assert guardian.notify_absence_by_email is True


def test_the_address_of_a_mail_read_months_later_still_works_but_not_after_400_days(
        world, guardian):
    token = unsubscribe_token(user_id=guardian.pk)
    url = f"/api/v1/attendance/unsubscribe/{token}/"
    with time_machine.travel(timezone.now() + timedelta(days=401)):
        assert APIClient().post(url).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=300)):
        assert APIClient().post(url).status_code == 200
    guardian.refresh_from_db()
    assert guardian.notify_absence_by_email is False
