import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from rest_framework.test import APIClient

from preau.accounts.services import user_deactivate
from preau.people.models import Person
from tests.factories import EnrolmentFactory, GuardianshipFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/accounts/login/"
ME = "/api/v1/accounts/me/"
PASSWORD = "motdepasse-demo"


def csrf_client() -> APIClient:
    """A browser-like client: CSRF is enforced, the token comes from the csrf endpoint."""
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/v1/accounts/csrf/").json()["csrf_token"]
    client.credentials(HTTP_X_CSRFTOKEN=token)
    return client


def test_guardian_logs_in_and_sees_both_children(world):
    guardian = world.user("guardian").person
    second = PupilFactory(first_name="Tom", last_name="Martin")
    GuardianshipFactory(guardian=guardian, pupil=second)
    EnrolmentFactory(pupil=second, classroom=world.classrooms["A2"], level="CM1")

    client = csrf_client()
    response = client.post(LOGIN, {"username": "guardian", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    children = {(c["first_name"], c["classroom"]["name"]) for c in response.json()["children"]}
    assert children == {("Léa", "CE2 A"), ("Tom", "CM1-CM2")}
    assert response.json()["roles"] == ["guardian"]
    assert client.get(ME).json()["display_name"] == "Sophie Martin"


def test_login_without_csrf_token_is_refused():
    UserFactory(username="claire")
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert client.get(ME).status_code == 401


def test_wrong_password_answers_400_and_opens_no_session():
    UserFactory(username="claire")
    client = csrf_client()
    response = client.post(LOGIN, {"username": "claire", "password": "faux"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert client.get(ME).status_code == 401


def test_missing_password_is_a_400_naming_the_field():
    response = csrf_client().post(LOGIN, {"username": "claire"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["password"]


def test_eleventh_failure_for_one_account_answers_429_even_with_the_right_password():
    UserFactory(username="claire")
    client = csrf_client()
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        response = client.post(
            LOGIN, {"username": "claire", "password": f"faux{attempt}"}, format="json",
            REMOTE_ADDR=f"10.0.0.{attempt}",
        )
        assert response.status_code == 400
    response = client.post(LOGIN, {"username": "Claire", "password": PASSWORD}, format="json",
                           REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= settings.LOGIN_FAILURE_WINDOW_SECONDS
    assert client.get(ME).status_code == 401


def test_eleventh_failure_from_one_address_answers_429_for_any_account():
    UserFactory(username="claire")
    client = csrf_client()
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(LOGIN, {"username": f"inconnu{attempt}", "password": "x"}, format="json")
    response = client.post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")
    assert response.status_code == 429


def test_ten_failures_still_let_the_right_password_in():
    UserFactory(username="claire")
    client = csrf_client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "claire", "password": "faux"}, format="json")
    response = client.post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_logout_ends_the_session():
    UserFactory(username="claire")
    client = csrf_client()
    client.post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert client.post("/api/v1/accounts/logout/").status_code == 204
    assert client.get(ME).status_code == 401


def test_disabling_an_account_ends_its_open_sessions():
    user = UserFactory(username="claire")
    phone, laptop = csrf_client(), csrf_client()
    for client in (phone, laptop):
        client.post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")
        assert client.get(ME).status_code == 200

    user_deactivate(user=user)

    assert phone.get(ME).status_code == 401
    assert laptop.get(ME).status_code == 401
    again = csrf_client().post(LOGIN, {"username": "claire", "password": PASSWORD}, format="json")
    assert again.status_code == 400


def test_me_without_a_person_has_no_roles():
    UserFactory(username="operateur", person=None)
    client = csrf_client()
    response = client.post(LOGIN, {"username": "operateur", "password": PASSWORD}, format="json")
    assert response.json()["roles"] == []
    assert response.json()["children"] == []
    assert Person.objects.count() == 0


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert make_password("secret").startswith("argon2$")
        user = UserFactory(username="argon", password="un-long-secret")
        assert user.password.startswith("argon2$")
        client = csrf_client()
        response = client.post(LOGIN, {"username": "argon", "password": "un-long-secret"},
                               format="json")
        assert response.status_code == 200
