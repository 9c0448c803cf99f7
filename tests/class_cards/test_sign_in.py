"""A pupil signs in on an enrolled tablet of the class with the card's two pictures or its QR
code; nowhere else, never outside the school day, never after a reset; the session ends
with the day."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from rest_framework.test import APIClient

from preau.accounts.models import SignInMethod, User, UserSession
from preau.audit.models import AuditEvent, AuditKind
from tests.class_cards.helpers import (
    DEVICE,
    EVENING,
    SCHOOL_DAY,
    SIGN_IN,
    WEDNESDAY,
    enrolled_tablet,
    printed_card,
)

pytestmark = pytest.mark.django_db

ME = "/api/v1/accounts/me/"


def wrong_pair(card) -> list[str]:
    return [key for key in ("chat", "soleil", "arbre", "bateau") if key not in card.pictures][:2]


def test_a_pupil_signs_in_with_the_two_pictures_in_any_order(world):
    with time_machine.travel(SCHOOL_DAY):
        tablet, device = enrolled_tablet(world)
        card, _qr = printed_card(world)
        state = tablet.get(DEVICE).json()
        assert state["cards_open"] is True
        assert state["classroom"]["name"] == "CE2 A"
        assert state["pupils"] == [{"id": world.pupils["A1"].pk, "first_name": "Léa"}]
        assert [p["key"] for p in state["pictures"]][:3] == ["chat", "soleil", "arbre"]

        response = tablet.post(SIGN_IN, {"pupil": world.pupils["A1"].pk,
                                         "pictures": list(reversed(card.pictures))},
                               format="json")
        assert response.status_code == 200, response.content
        assert response.json()["pupil"] == {"id": world.pupils["A1"].pk, "first_name": "Léa"}
        me = tablet.get(ME)
        assert me.status_code == 200
        assert me.json()["username"] == world.user("pupil").username
    session = UserSession.objects.get(user=world.user("pupil"))
    assert session.method == SignInMethod.CARD_PICTURES
    assert session.provider == str(device["id"])
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_SUCCEEDED,
                                     actor=world.user("pupil"),
                                     sign_in_method=f"card_pictures:{device['id']}").exists()


def test_a_pupil_signs_in_with_the_qr_code_of_the_card(world):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        _card, qr = printed_card(world)
        response = tablet.post(SIGN_IN, {"qr": qr}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["method"] == "qr"
        assert tablet.get(ME).json()["username"] == world.user("pupil").username
    assert UserSession.objects.get(user=world.user("pupil")).method == SignInMethod.CARD_QR


def test_a_pupil_without_a_login_gets_one_without_a_password(world):
    world.user("pupil").delete()
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        _card, qr = printed_card(world)
        assert tablet.post(SIGN_IN, {"qr": qr}, format="json").status_code == 200
        me = tablet.get(ME)
    user = User.objects.get(person=world.pupils["A1"])
    assert not user.has_usable_password()
    assert me.status_code == 200, me.content
    assert me.json()["id"] == user.pk
    assert "pupil" in me.json()["roles"]


def test_the_card_is_refused_on_a_browser_that_is_not_an_enrolled_device(world):
    with time_machine.travel(SCHOOL_DAY):
        card, qr = printed_card(world)
        stranger = APIClient()
        by_pictures = stranger.post(SIGN_IN, {"pupil": world.pupils["A1"].pk,
                                              "pictures": card.pictures}, format="json")
        by_qr = stranger.post(SIGN_IN, {"qr": qr}, format="json")
        state = stranger.get(DEVICE)
    assert by_pictures.status_code == by_qr.status_code == state.status_code == 403
    assert "n'est pas inscrit" in by_qr.json()["error"]["message"]
    assert not UserSession.objects.filter(user=world.user("pupil")).exists()


def test_a_revoked_device_stops_at_once_and_its_card_sessions_end(world, client_for):
    with time_machine.travel(SCHOOL_DAY):
        tablet, device = enrolled_tablet(world)
        _card, qr = printed_card(world)
        assert tablet.post(SIGN_IN, {"qr": qr}, format="json").status_code == 200
        revoked = client_for("teacher").delete(f"/api/v1/class-cards/devices/{device['id']}/")
        assert revoked.status_code == 200
        assert revoked.json()["revoked_at"] is not None
        assert tablet.get(ME).status_code == 401  # the pupil's session ended
        again = tablet.post(SIGN_IN, {"qr": qr}, format="json")
    assert again.status_code == 403
    assert again.json()["error"]["code"] == "device_revoked"
    teacher = world.user("teacher")
    journal = {(event.kind, event.actor, event.object_ref)
               for event in AuditEvent.objects.filter(kind__startswith="class_device")}
    where = f"classroom:{world.classrooms['A1'].pk} device:{device['id']}"
    assert journal == {(AuditKind.CLASS_DEVICE_ADDED, teacher, where),
                       (AuditKind.CLASS_DEVICE_REMOVED, teacher, where)}


def test_a_device_revoked_by_a_server_whose_clock_is_a_little_behind_is_revoked(
        world, client_for):
    """Two servers' clocks differ: the revocation is never dated before the enrolment (a
    constraint), instead of a server error."""
    with time_machine.travel(SCHOOL_DAY):
        tablet, device = enrolled_tablet(world)
    with time_machine.travel(SCHOOL_DAY - timedelta(seconds=2)):
        revoked = client_for("teacher").delete(f"/api/v1/class-cards/devices/{device['id']}/")
    assert revoked.status_code == 200, revoked.content
    assert tablet.get(DEVICE).json()["error"]["code"] == "device_revoked"


def test_a_device_of_another_class_refuses_the_pupil(world):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world, classroom="A2", role="teacher_other")
        card, qr = printed_card(world)
        by_pictures = tablet.post(SIGN_IN, {"pupil": world.pupils["A1"].pk,
                                            "pictures": card.pictures}, format="json")
        by_qr = tablet.post(SIGN_IN, {"qr": qr}, format="json")
    assert by_pictures.status_code == 400
    assert "pupil" in by_pictures.json()["error"]["fields"]
    assert by_qr.status_code == 400
    assert "qr" in by_qr.json()["error"]["fields"]


def test_the_sixth_wrong_attempt_for_a_pupil_is_throttled(world):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        card, _qr = printed_card(world)
        body = {"pupil": world.pupils["A1"].pk, "pictures": wrong_pair(card)}
        for _ in range(5):
            wrong = tablet.post(SIGN_IN, body, format="json")
            assert wrong.status_code == 400
            assert "pictures" in wrong.json()["error"]["fields"]
        sixth = tablet.post(SIGN_IN, body, format="json")
        assert sixth.status_code == 429
        assert int(sixth["Retry-After"]) > 0
        # The right pictures too, until the window passes.
        right = {"pupil": world.pupils["A1"].pk, "pictures": card.pictures}
        assert tablet.post(SIGN_IN, right, format="json").status_code == 429
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED, username="pupil").count() == 5
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_THROTTLED, username="pupil").exists()


@override_settings(PREAU_CLASS_CARDS_DEVICE_FAILURE_LIMIT=3)
def test_wrong_attempts_are_also_counted_per_device(world):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        for attempt in range(3):
            assert tablet.post(SIGN_IN, {"qr": f"preau-card:faux{attempt}"},
                               format="json").status_code == 400
        assert tablet.post(SIGN_IN, {"qr": "preau-card:encore"},
                           format="json").status_code == 429


def test_a_reset_card_stops_working_at_once_and_ends_the_pupil_s_session(world, client_for):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        card, qr = printed_card(world)
        old_pictures = card.pictures
        assert tablet.post(SIGN_IN, {"qr": qr}, format="json").status_code == 200
        reset = client_for("teacher").post(
            f"/api/v1/class-cards/cards/{world.pupils['A1'].pk}/reset/")
        assert reset.status_code == 200, reset.content
        assert reset.json()["pictures"] != old_pictures
        assert reset.json()["signed_in_now"] is False
        assert tablet.get(ME).status_code == 401
        assert tablet.post(SIGN_IN, {"qr": qr}, format="json").status_code == 400
        old = tablet.post(SIGN_IN, {"pupil": world.pupils["A1"].pk, "pictures": old_pictures},
                          format="json")
        assert old.status_code == 400
        new = tablet.post(SIGN_IN, {"pupil": world.pupils["A1"].pk,
                                    "pictures": reset.json()["pictures"]}, format="json")
        assert new.status_code == 200
    reset_event = AuditEvent.objects.get(kind=AuditKind.CLASS_CARD_RESET)
    assert (reset_event.actor, reset_event.object_ref) == (
        world.user("teacher"), f"pupil:{world.pupils['A1'].pk}")


@pytest.mark.parametrize("when", [EVENING, WEDNESDAY, SCHOOL_DAY.replace(hour=7, minute=0)],
                         ids=["evening", "wednesday", "early"])
def test_cards_do_not_work_outside_the_school_day(world, when):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        card, _qr = printed_card(world)
    with time_machine.travel(when):
        state = tablet.get(DEVICE).json()
        assert state["cards_open"] is False
        assert state["closed_reason"]
        response = tablet.post(SIGN_IN, {"pupil": world.pupils["A1"].pk,
                                         "pictures": card.pictures}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "outside_school_hours"


def test_the_card_session_ends_with_the_school_day(world, settings):
    settings.PREAU_CLASS_CARDS_IDLE_SECONDS = 24 * 3600  # only the day's end counts here
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        _card, qr = printed_card(world)
        response = tablet.post(SIGN_IN, {"qr": qr}, format="json")
        assert response.json()["ends_at"].startswith("2026-11-26T18:30")
    with time_machine.travel(SCHOOL_DAY.replace(hour=18, minute=29)):
        assert tablet.get(ME).status_code == 200
    with time_machine.travel(SCHOOL_DAY.replace(hour=18, minute=31)):
        assert tablet.get(ME).status_code == 401
    assert not UserSession.objects.filter(user=world.user("pupil")).exists()


def test_an_unused_card_session_ends_after_the_idle_time(world):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        _card, qr = printed_card(world)
        assert tablet.post(SIGN_IN, {"qr": qr}, format="json").status_code == 200
    with time_machine.travel(SCHOOL_DAY + timedelta(minutes=31)):
        assert tablet.get(ME).status_code == 401


def test_a_second_pupil_signing_in_ends_the_first_one_s_session_on_the_tablet(world):
    from tests.factories import EnrolmentFactory, PupilFactory

    other = PupilFactory(first_name="Léa", last_name="Durand")
    EnrolmentFactory(pupil=other, classroom=world.classrooms["A1"])
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        _card, qr = printed_card(world)
        names = {p["first_name"] for p in tablet.get(DEVICE).json()["pupils"]}
        assert names == {"Léa M.", "Léa D."}
        assert tablet.post(SIGN_IN, {"qr": qr}, format="json").status_code == 200
        from preau.class_cards.services import cards_print

        printed = cards_print(actor=world.user("teacher"), classroom=world.classrooms["A1"],
                              pupil_ids=[other.pk])
        assert tablet.post(SIGN_IN, {"qr": printed[0].qr_text},
                           format="json").status_code == 200
    assert not UserSession.objects.filter(user=world.user("pupil")).exists()
    assert UserSession.objects.filter(user__person=other).count() == 1


def test_the_sign_in_needs_the_csrf_token_although_the_tablet_is_anonymous(world):
    with time_machine.travel(SCHOOL_DAY):
        _tablet, _device = enrolled_tablet(world)
        _card, qr = printed_card(world)
        strict = APIClient(enforce_csrf_checks=True)
        strict.cookies = _tablet.cookies
        refused = strict.post(SIGN_IN, {"qr": qr}, format="json")
        assert refused.status_code == 403
        assert "inscrit" not in refused.json()["error"]["message"]  # the CSRF check, first
        token = strict.get("/api/v1/accounts/csrf/").json()["csrf_token"]
        accepted = strict.post(SIGN_IN, {"qr": qr}, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200, accepted.content
