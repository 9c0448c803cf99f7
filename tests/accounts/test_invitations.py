"""Invitation letters: the director prints codes, each guardian creates their own login once."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from preau.accounts.models import Invitation, User
from preau.accounts.services import (
    CODE_ALPHABET,
    invitation_code_hash,
    invitations_generate,
)
from tests.factories import GuardianshipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIVATE = "/api/v1/accounts/activate/"
ME = "/api/v1/accounts/me/"
CODE = re.compile(r"^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$")


def csrf_client() -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/v1/accounts/csrf/").json()["csrf_token"]
    client.credentials(HTTP_X_CSRFTOKEN=token)
    return client


def add_guardian(world, pupil_key="A1", first_name="Nadia", last_name="Martin"):
    guardian = PersonFactory(first_name=first_name, last_name=last_name)
    GuardianshipFactory(guardian=guardian, pupil=world.pupils[pupil_key])
    return guardian


def letters_url(world, key="A"):
    return f"/api/v1/schools/{world.schools[key].pk}/invitations/"


def test_the_director_downloads_one_letter_per_guardian_without_an_account(world, client_for):
    nadia = add_guardian(world, "A1")
    paul = add_guardian(world, "A2", "Paul", "Bernard")

    response = client_for("director").post(letters_url(world), {}, format="json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.content.count(b"/Type /Page\n") == 2  # one A4 page per guardian
    pending = Invitation.objects.filter(used_at__isnull=True, revoked_at__isnull=True)
    assert {i.guardian_id for i in pending} == {nadia.pk, paul.pk}
    assert all(i.expires_at.date() == (timezone.now() + timedelta(days=30)).date()
               for i in pending)
    assert all(i.created_by == world.user("director") for i in pending)


def test_letters_for_one_classroom_only(world, client_for):
    add_guardian(world, "A1")
    paul = add_guardian(world, "A2", "Paul", "Bernard")
    response = client_for("director").post(
        letters_url(world), {"classroom": world.classrooms["A2"].pk}, format="json")
    assert response.status_code == 200
    assert list(Invitation.objects.values_list("guardian_id", flat=True)) == [paul.pk]


def test_no_guardian_without_an_account_is_a_clear_400(world, client_for):
    response = client_for("director").post(letters_url(world), {}, format="json")
    assert response.status_code == 400
    assert "Aucun responsable" in response.json()["error"]["message"]
    assert Invitation.objects.count() == 0


def test_a_classroom_of_another_school_is_a_400_naming_the_field(world, client_for):
    add_guardian(world, "A1")
    response = client_for("director").post(
        letters_url(world), {"classroom": world.classrooms["B1"].pk}, format="json")
    assert response.status_code == 400
    assert "classroom" in response.json()["error"]["fields"]
    response = client_for("director").post(letters_url(world), {"classroom": "x"},
                                           format="json")
    assert "classroom" in response.json()["error"]["fields"]


def test_a_teacher_may_not_print_letters_and_nothing_changes(world, client_for):
    add_guardian(world, "A1")
    assert client_for("teacher").post(letters_url(world), {}, format="json").status_code == 403
    assert client_for("director_other").post(letters_url(world), {},
                                             format="json").status_code == 404
    assert Invitation.objects.count() == 0


def test_the_operator_may_print_letters(world):
    add_guardian(world, "A1")
    operator = APIClient()
    operator.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    assert operator.post(letters_url(world), {}, format="json").status_code == 200


def test_codes_are_typable_and_only_their_hash_is_stored(world):
    nadia = add_guardian(world, "A1")
    [letter] = invitations_generate(actor=world.user("director"), school=world.schools["A"])
    assert CODE.match(letter.code)
    assert not set(letter.code.replace("-", "")) - set(CODE_ALPHABET)
    stored = Invitation.objects.get(guardian=nadia)
    assert letter.code not in stored.code_hash
    assert stored.code_hash == invitation_code_hash(letter.code.lower().replace("-", " "))


def test_a_new_letter_revokes_the_previous_code(world):
    add_guardian(world, "A1")
    [first] = invitations_generate(actor=world.user("director"), school=world.schools["A"])
    [second] = invitations_generate(actor=world.user("director"), school=world.schools["A"])
    assert first.code != second.code
    response = csrf_client().post(ACTIVATE, {"code": first.code, "username": "nadia.martin",
                                             "password": "Cartable-Jaune-2026"}, format="json")
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]


def test_the_guardian_activates_once_and_is_signed_in(world):
    nadia = add_guardian(world, "A1")
    [letter] = invitations_generate(actor=world.user("director"), school=world.schools["A"])
    client = csrf_client()

    response = client.post(ACTIVATE, {"code": letter.code.lower(), "username": "nadia.martin",
                                      "password": "Cartable-Jaune-2026"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["username"] == "nadia.martin"
    assert body["roles"] == ["guardian"]
    assert [c["first_name"] for c in body["children"]] == ["Léa"]
    assert client.get(ME).json()["display_name"] == "Nadia Martin"
    user = User.objects.get(username="nadia.martin")
    assert user.person == nadia
    assert user.check_password("Cartable-Jaune-2026")
    invitation = Invitation.objects.get(guardian=nadia)
    assert invitation.used_at is not None
    assert invitation.user == user

    again = csrf_client().post(ACTIVATE, {"code": letter.code, "username": "autre.compte",
                                          "password": "Cartable-Jaune-2026"}, format="json")
    assert again.status_code == 400
    assert "déjà servi" in again.json()["error"]["fields"]["code"][0]
    assert not User.objects.filter(username="autre.compte").exists()


def test_an_expired_code_is_refused(world):
    add_guardian(world, "A1")
    [letter] = invitations_generate(actor=world.user("director"), school=world.schools["A"])
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = csrf_client().post(ACTIVATE, {"code": letter.code, "username": "nadia",
                                                 "password": "Cartable-Jaune-2026"},
                                      format="json")
    assert response.status_code == 400
    assert "expiré" in response.json()["error"]["fields"]["code"][0]
    assert not User.objects.filter(username="nadia").exists()


@pytest.mark.parametrize(("username", "password", "field"), [
    ("guardian", "Cartable-Jaune-2026", "username"),  # taken (by the world's guardian)
    ("GUARDIAN", "Cartable-Jaune-2026", "username"),  # taken, whatever the case
    ("nadia", "12345678", "password"),  # numeric and common
    ("nadia", "court", "password"),  # too short
    ("na dia", "Cartable-Jaune-2026", "username"),  # a space
])
def test_bad_username_or_password_is_a_400_naming_the_field(world, username, password, field):
    add_guardian(world, "A1")
    [letter] = invitations_generate(actor=world.user("director"), school=world.schools["A"])
    response = csrf_client().post(ACTIVATE, {"code": letter.code, "username": username,
                                             "password": password}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert Invitation.objects.get().used_at is None  # the code still works


def test_activation_needs_the_csrf_token(world):
    add_guardian(world, "A1")
    [letter] = invitations_generate(actor=world.user("director"), school=world.schools["A"])
    response = APIClient(enforce_csrf_checks=True).post(
        ACTIVATE, {"code": letter.code, "username": "nadia", "password": "Cartable-Jaune-2026"},
        format="json")
    assert response.status_code == 403
    assert Invitation.objects.get().used_at is None


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_guessing_codes_is_throttled_like_logins(world):
    client = csrf_client()
    for _ in range(3):
        response = client.post(ACTIVATE, {"code": "AAAA-BBBB-CCCC-DDDD", "username": "x-y",
                                          "password": "Cartable-Jaune-2026"}, format="json")
        assert response.status_code == 400
    response = client.post(ACTIVATE, {"code": "AAAA-BBBB-CCCC-DDDD", "username": "x-y",
                                      "password": "Cartable-Jaune-2026"}, format="json")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_guardians_with_an_account_never_get_a_letter(world):
    add_guardian(world, "A1")
    letters = invitations_generate(actor=world.user("director"), school=world.schools["A"])
    names = {letter.guardian.first_name for letter in letters}
    assert names == {"Nadia"}  # Sophie and Karim Martin already have logins
