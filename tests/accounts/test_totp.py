"""The second factor (TOTP) of staff and authority accounts."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from preau.audit.models import AuditEvent, AuditKind
from preau.common.errors import ApplicationError
from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client

pytestmark = pytest.mark.django_db

LOGIN_OTP = "/api/v1/accounts/login/otp/"
ME_OTP = "/api/v1/accounts/me/otp/"
ME_OTP_CONFIRM = "/api/v1/accounts/me/otp/confirm/"
SESSIONS = "/api/v1/accounts/me/sessions/"


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    return f"{(int(code_of(device)) + 1) % 1_000_000:06d}"


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Préau", confirmed=True)


def log_in(username: str):
    client = csrf_client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD}, format="json")
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)  # rotated by login
    return client, response


def test_teacher_with_a_device_must_give_the_code_before_using_the_api(world):
    device = device_for(world.user("teacher"))

    client, response = log_in("teacher")

    assert response.status_code == 200
    assert response.json() == {"otp_required": True, "otp_setup_required": False,
                               "second_factors": ["totp"]}
    refused = client.get(ME)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "otp_required"
    assert client.get(SESSIONS).json()["error"]["code"] == "otp_required"

    answer = client.post(LOGIN_OTP, {"code": code_of(device)}, format="json")

    assert answer.status_code == 200
    assert answer.json()["username"] == "teacher"
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert client.get(ME).status_code == 200
    [session] = client.get(SESSIONS).json()["results"]
    assert session["method"] == "password_totp"
    login = AuditEvent.objects.get(kind=AuditKind.LOGIN_SUCCEEDED, username="teacher")
    assert login.sign_in_method == "password_totp"


def test_a_wrong_code_is_a_400_naming_the_field_and_an_audited_login_failure(world):
    device = device_for(world.user("director"))
    client, _ = log_in("director")

    response = client.post(LOGIN_OTP, {"code": wrong_code_for(device)}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["code"]
    assert client.get(ME).status_code == 401
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED,
                                     username="director").count() == 1


def test_a_malformed_code_is_a_400_naming_the_field(world):
    device_for(world.user("teacher"))
    client, _ = log_in("teacher")

    response = client.post(LOGIN_OTP, {"code": "12ab"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["code"]


def test_wrong_codes_count_towards_the_login_throttle(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    device = device_for(world.user("teacher"))
    client, _ = log_in("teacher")
    started = time.time()
    for attempt in range(1, 4):
        # Each try waits out the device's own backoff (1, 2, 4 s), within the 5 minutes.
        with time_machine.travel(started + 10 * attempt, tick=False):
            assert client.post(LOGIN_OTP, {"code": wrong_code_for(device)},
                               format="json").status_code == 400

    response = client.post(LOGIN_OTP, {"code": code_of(device)}, format="json")

    assert response.status_code == 429
    assert client.get(ME).status_code == 401


def test_the_code_is_refused_without_a_password_checked_first(world):
    device = device_for(world.user("teacher"))

    response = csrf_client().post(LOGIN_OTP, {"code": code_of(device)}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "otp_not_pending"


def test_staff_sets_up_confirms_and_removes_a_second_factor(world):
    # A teacher: since directors and authorities must keep theirs, teachers only may choose.
    client, response = log_in("teacher")
    assert "username" in response.json()  # no device yet: an ordinary login

    setup = client.post(ME_OTP)
    assert setup.status_code == 201
    uri = urlparse(setup.json()["otpauth_uri"])
    assert uri.scheme == "otpauth"
    assert parse_qs(uri.query)["secret"] == [setup.json()["secret"]]
    device = TOTPDevice.objects.get(user=world.user("teacher"))
    assert client.get(ME_OTP).json()["enabled"] is False

    wrong = client.post(ME_OTP_CONFIRM, {"code": wrong_code_for(device)}, format="json")
    assert wrong.status_code == 400
    assert list(wrong.json()["error"]["fields"]) == ["code"]
    with time_machine.travel(time.time() + 3600, tick=False):  # past the device's backoff
        assert client.post(ME_OTP_CONFIRM, {"code": code_of(device)},
                           format="json").status_code == 204
        assert client.get(ME_OTP).json() == {"available": True, "enabled": True,
                                             "required": False}
        _, next_login = log_in("teacher")
        assert next_login.json()["otp_required"] is True

        assert client.delete(ME_OTP).status_code == 204
        _, after_removal = log_in("teacher")
    assert after_removal.json()["username"] == "teacher"


def test_required_role_without_device_reaches_only_the_setup(world, settings):
    settings.PREAU_TOTP_REQUIRED_FOR = ["director"]
    client, response = log_in("director")

    assert response.json() == {"otp_required": False, "otp_setup_required": True}
    refused = client.get(ME)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "otp_setup_required"
    assert client.get(ME_OTP).json() == {"available": True, "enabled": False, "required": True}

    client.post(ME_OTP)
    device = TOTPDevice.objects.get(user=world.user("director"))
    assert client.post(ME_OTP_CONFIRM, {"code": code_of(device)}, format="json").status_code == 204

    assert client.get(ME).status_code == 200
    removal = client.delete(ME_OTP)
    assert removal.status_code == 400
    assert TOTPDevice.objects.filter(user=world.user("director")).exists()


def test_roles_not_named_by_the_setting_sign_in_as_before(world, settings):
    settings.PREAU_TOTP_REQUIRED_FOR = ["director"]
    for username in ["teacher", "guardian", "commune"]:
        client, response = log_in(username)
        assert response.json()["username"] == username
        assert client.get(ME).status_code == 200


@pytest.mark.parametrize("role", ["guardian", "pupil"])
def test_families_and_pupils_are_never_offered_a_second_factor(world, client_for, role):
    client = client_for(role)

    assert client.get(ME_OTP).json() == {"available": False, "enabled": False,
                                         "required": False}
    assert client.post(ME_OTP).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_operator_required_to_set_up_a_second_factor_cannot_use_the_admin_first(world, settings):
    settings.PREAU_TOTP_REQUIRED_FOR = ["operator"]
    client, response = log_in("operator")
    assert response.json()["otp_setup_required"] is True

    admin = client.get("/admin/")

    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/login/")


def test_the_admin_needs_the_code_of_an_operator_with_a_device(world):
    device = device_for(world.user("operator"))
    password_only = csrf_client()
    password_only.force_login(world.user("operator"))  # as the admin's own login form does
    assert password_only.get("/admin/").status_code == 302

    client, _ = log_in("operator")
    assert client.get("/admin/").status_code == 302
    client.post(LOGIN_OTP, {"code": code_of(device)}, format="json")

    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", ["director", "commune", "inspector", "dasen", "operator"])
def test_by_default_directors_authorities_and_the_operator_must_set_up_a_second_factor(
        world, role):
    client, response = log_in(world.user(role).username)

    assert response.json() == {"otp_required": False, "otp_setup_required": True}
    assert client.get(ME).json()["error"]["code"] == "otp_setup_required"
    assert client.get(ME_OTP).json() == {"available": True, "enabled": False, "required": True}


def test_by_default_a_teacher_may_choose(world):
    client, response = log_in("teacher")

    assert response.json()["username"] == "teacher"
    assert client.get(ME_OTP).json()["required"] is False


def test_the_demo_key_opens_nothing_outside_the_local_demo(world):
    from preau.accounts.services import DEMO_TOTP_KEY, totp_demo_device_give

    device = TOTPDevice.objects.create(user=world.user("director"), name="Préau",
                                       key=DEMO_TOTP_KEY, confirmed=True)
    client, _ = log_in("director")

    answer = client.post(LOGIN_OTP, {"code": code_of(device)}, format="json")

    assert answer.status_code == 400
    assert list(answer.json()["error"]["fields"]) == ["code"]
    assert client.get(ME).status_code == 401
    with pytest.raises(ApplicationError):
        totp_demo_device_give(user=world.user("inspector"))
    assert not TOTPDevice.objects.filter(user=world.user("inspector")).exists()
