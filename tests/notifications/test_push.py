"""Web Push (issue 19) against the suite's push service (RFC 8030), which receives what a
browser would and decrypts it with the browser's own key (RFC 8291, ``http_ece``): a new
message reaches the subscribed browser with a lock-screen title and no personal data,
signed with our VAPID key; quiet hours hold it back; a category turned off sends nothing;
a browser gone (410) is forgotten."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from preau.messaging.services import conversation_create, quiet_hours_set
from preau.notifications.models import PushSubscription
from tests.attendance.helpers import take_call
from tests.notifications.push_service import PushService, vapid_claims

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
URL = "/api/v1/notifications/push/subscriptions/"


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


def subscribe(client, browser, categories, label="Téléphone"):
    response = client.post(URL, {**browser.subscription(), "label": label,
                                 "categories": categories}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def write(world, sender: str, recipient: str, subject="Sortie au musée", capture=None):
    with capture(execute=True):
        conversation_create(sender=world.user(sender), recipient_ids=[world.user(recipient).pk],
                            subject=subject, body="Léa pourra-t-elle venir ?")


def test_a_new_message_reaches_the_subscribed_browser_encrypted_and_signed(
        world, client_for, push_service, django_capture_on_commit_callbacks):
    client = client_for("guardian")
    settings_before = client.get("/api/v1/notifications/push/").json()
    assert settings_before["enabled"] is True
    assert settings_before["subscriptions"] == []
    browser = push_service.browser("sophie-phone")
    subscribe(client, browser, ["messages"])

    write(world, "teacher", "guardian", capture=django_capture_on_commit_callbacks)

    (push,) = push_service.pushes
    assert push.path == "/push/sophie-phone"
    assert int(push.headers["ttl"]) > 0
    content = browser.read(push)
    assert content == {"title": "Nouveau message de l'école", "body": "Ouvrez Préau pour le lire.",
                       "url": "/messagerie", "category": "messages"}
    claims = vapid_claims(push, settings_before["application_server_key"])
    assert claims["aud"] == push_service.origin
    assert claims["sub"].startswith("mailto:")
    devices = client.get("/api/v1/notifications/push/").json()["subscriptions"]
    assert [(d["label"], d["categories"]) for d in devices] == [("Téléphone", ["messages"])]
    assert devices[0]["last_sent_at"] is not None
    assert "endpoint" not in devices[0]  # a capability: never shown back


def test_quiet_hours_hold_the_push_back(world, client_for, push_service,
                                        django_capture_on_commit_callbacks):
    teacher = world.user("teacher")
    quiet_hours_set(user=teacher, is_enabled=True, starts_at=time(19, 0), ends_at=time(7, 30),
                    includes_weekends=True)
    subscribe(client_for("teacher"), push_service.browser("teacher-phone"), ["messages"])

    with time_machine.travel(datetime(2026, 12, 1, 20, 15, tzinfo=PARIS)):  # a Tuesday night
        write(world, "director", "teacher", "Conseil des maîtres",
              capture=django_capture_on_commit_callbacks)
    assert push_service.pushes == []
    with time_machine.travel(datetime(2026, 12, 2, 8, 0, tzinfo=PARIS)):
        write(world, "director", "teacher", "Conseil des maîtres (suite)",
              capture=django_capture_on_commit_callbacks)
    assert len(push_service.pushes) == 1


def test_a_category_turned_off_sends_nothing(world, client_for, push_service,
                                             django_capture_on_commit_callbacks):
    client = client_for("guardian")
    browser = push_service.browser("tablet")
    device = subscribe(client, browser, ["messages", "absences"])
    response = client.put(f"{URL}{device['id']}/", {"categories": ["absences"]}, format="json")
    assert response.json()["categories"] == ["absences"]

    write(world, "teacher", "guardian", capture=django_capture_on_commit_callbacks)
    assert push_service.pushes == []
    with django_capture_on_commit_callbacks(execute=True):
        take_call(world.user("teacher"), world.classrooms["A1"], datetime(2026, 11, 24).date(),
                  absent=[world.pupils["A1"]])
    (push,) = push_service.pushes
    assert browser.read(push)["title"] == "Une absence a été relevée"


def test_a_browser_the_push_service_says_is_gone_is_forgotten(
        world, client_for, push_service, django_capture_on_commit_callbacks):
    subscribe(client_for("guardian"), push_service.browser("old-phone"), ["messages"])
    push_service.gone.add("old-phone")

    write(world, "teacher", "guardian", capture=django_capture_on_commit_callbacks)

    assert len(push_service.pushes) == 1
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"endpoint": "https://evil.example.org/push/1"}, "endpoint"),
    ({"endpoint": "http://fcm.googleapis.com/fcm/send/abc"}, "endpoint"),
    ({"endpoint": "https://fcm.googleapis.com.evil.example.org/x"}, "endpoint"),
    ({"keys": {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys.p256dh"),
    ({"keys": {"p256dh": "BA" + "A" * 85, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys.p256dh"),
    ({"categories": ["meteo"]}, "categories.0"),
])
def test_a_subscription_we_cannot_trust_is_a_400_naming_the_field(
        world, client_for, push_service, change, field):
    body = {**push_service.browser("x").subscription(), "categories": ["messages"], **change}
    response = client_for("guardian").post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not PushSubscription.objects.exists()


def test_the_same_browser_moves_to_the_other_parent_who_signs_in(world, client_for,
                                                                 push_service):
    browser = push_service.browser("family-tablet")
    subscribe(client_for("guardian"), browser, ["messages"])
    response = client_for("guardian_2").post(URL, {**browser.subscription(),
                                                   "categories": ["absences"]}, format="json")
    assert response.status_code == 200
    (subscription,) = PushSubscription.objects.all()
    assert subscription.user == world.user("guardian_2")
    assert client_for("guardian").get("/api/v1/notifications/push/").json()["subscriptions"] == []


def test_another_login_s_browser_is_out_of_reach(world, client_for, push_service):
    device = subscribe(client_for("guardian"), push_service.browser("p"), ["messages"])
    other = client_for("guardian_other")
    assert other.put(f"{URL}{device['id']}/", {"categories": []}, format="json").status_code == 404
    assert other.delete(f"{URL}{device['id']}/").status_code == 404
    assert client_for("guardian").delete(f"{URL}{device['id']}/").status_code == 204
    assert not PushSubscription.objects.exists()
