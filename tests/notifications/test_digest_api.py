"""The digest's settings on "Mon espace" and its one-click unsubscription, over HTTP."""

from __future__ import annotations

import pytest
from django.core import signing

from preau.attendance.unsubscribe import unsubscribe_token as absence_token
from preau.notifications.models import Digest, DigestCategory
from preau.notifications.unsubscribe import SALT, unsubscribe_token
from tests.notifications.helpers import ADDRESS, posted_as_a_mail_client, subscribe

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/digest/"


@pytest.fixture
def guardian(world):
    user = world.user("guardian")
    user.email = ADDRESS
    user.save(update_fields=["email"])
    return user


def test_a_login_without_a_digest_reads_the_default(world, client_for):
    response = client_for("guardian").get(URL)
    assert response.status_code == 200
    assert response.json() == {"send_at": "18:00", "categories": [], "address": ""}


def test_the_guardian_chooses_a_time_and_categories(world, guardian, client_for):
    client = client_for("guardian")
    response = client.put(URL, {"send_at": "07:30", "categories": ["absences", "messages"]},
                          format="json")
    assert response.status_code == 200
    # Listed in the digest's own order, whatever the order asked.
    assert response.json() == {"send_at": "07:30", "categories": ["messages", "absences"],
                               "address": ADDRESS}
    assert client.get(URL).json() == response.json()
    response = client.put(URL, {"send_at": "07:30", "categories": ["homework"]}, format="json")
    assert response.json()["categories"] == ["homework"]
    assert list(DigestCategory.objects.values_list("category", flat=True)) == ["homework"]


@pytest.mark.parametrize(("body", "field"), [
    ({"send_at": "23:00", "categories": ["messages"]}, "send_at"),
    ({"send_at": "05:59", "categories": ["messages"]}, "send_at"),
    ({"send_at": "midi", "categories": ["messages"]}, "send_at"),
    ({"categories": ["messages"]}, "send_at"),
    ({"send_at": "18:00", "categories": ["meteo"]}, "categories"),
    ({"send_at": "18:00", "categories": "messages"}, "categories"),
    ({"send_at": "18:00"}, "categories"),
])
def test_bad_input_is_a_400_naming_the_field_and_keeps_the_digest(
        world, guardian, client_for, body, field):
    subscribe(guardian, categories=["absences"])
    response = client_for("guardian").put(URL, body, format="json")
    assert response.status_code == 400
    assert any(name.split(".")[0] == field for name in response.json()["error"]["fields"])
    digest = Digest.objects.get(user=guardian)
    assert [c.category for c in digest.categories.all()] == ["absences"]
    assert digest.send_at.strftime("%H:%M") == "18:00"


def test_a_login_without_an_address_is_told_why(world, client_for):
    response = client_for("guardian").put(URL, {"send_at": "18:00", "categories": ["messages"]},
                                          format="json")
    assert response.status_code == 400
    assert "adresse de courriel" in response.json()["error"]["fields"]["categories"][0]
    assert not DigestCategory.objects.exists()


def test_the_person_s_address_serves_when_the_login_has_none(world, client_for):
    person = world.user("guardian").person
    person.email = "s.martin@example.net"
    person.save(update_fields=["email"])
    response = client_for("guardian").put(URL, {"send_at": "18:00", "categories": ["messages"]},
                                          format="json")
    assert response.status_code == 200
    assert response.json()["address"] == "s.martin@example.net"


def test_opening_the_unsubscription_address_does_not_unsubscribe(world, guardian):
    subscribe(guardian)
    token = unsubscribe_token(user_id=guardian.pk)
    from rest_framework.test import APIClient

    assert APIClient().get(f"/api/v1/notifications/unsubscribe/{token}/").status_code == 405
    assert Digest.objects.get(user=guardian).categories.count() == 6


@pytest.mark.parametrize("kind", ["inconnu", "altered", "absence-token", "unknown-category",
                                  "inactive"])
def test_a_token_altered_foreign_or_of_an_inactive_login_is_a_404(world, guardian, kind):
    subscribe(guardian)
    good = unsubscribe_token(user_id=guardian.pk, category="messages")
    token = {
        "inconnu": "inconnu",
        "altered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "absence-token": absence_token(user_id=guardian.pk),
        "unknown-category": signing.dumps({"user": guardian.pk, "category": "meteo"},
                                          salt=SALT, compress=False),
        "inactive": good,
    }[kind]
    if kind == "inactive":
        guardian.is_active = False
        guardian.save(update_fields=["is_active"])
    response = posted_as_a_mail_client(f"http://x/api/v1/notifications/unsubscribe/{token}/")
    assert response.status_code == 404
    assert Digest.objects.get(user=guardian).categories.count() == 6
