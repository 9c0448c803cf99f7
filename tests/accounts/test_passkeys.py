"""Passkeys (WebAuthn) as the second factor of staff and authority accounts: added and
revoked on « Mon espace », given after the password at sign-in, refused when they come
from another origin, replay a challenge, belong to another account or were revoked."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from preau.accounts.models import User, UserSession
from preau.audit.models import AuditEvent, AuditKind
from tests.accounts.passkey_authenticator import SoftAuthenticator, b64url
from tests.accounts.test_login import LOGIN, ME, PASSWORD, csrf_client
from tests.accounts.test_login_steps import ADMIN_LOGIN, socket_opens
from tests.accounts.test_totp import code_of

pytestmark = pytest.mark.django_db

PASSKEYS = "/api/v1/accounts/me/passkeys/"
REGISTER_BEGIN = "/api/v1/accounts/me/passkeys/register/begin/"
REGISTER_COMPLETE = "/api/v1/accounts/me/passkeys/register/complete/"
LOGIN_BEGIN = "/api/v1/accounts/login/passkey/begin/"
LOGIN_COMPLETE = "/api/v1/accounts/login/passkey/complete/"
LOGIN_OTP = "/api/v1/accounts/login/otp/"
PASSWORDLESS_BEGIN = "/api/v1/accounts/login/passwordless/begin/"
PASSWORDLESS_COMPLETE = "/api/v1/accounts/login/passwordless/complete/"
SESSIONS = "/api/v1/accounts/me/sessions/"


def signed_in(user, device=None):
    """A session that passed every step (with ``device``'s code when the account has one)."""
    client = csrf_client()
    user.otp_device = device or TOTPDevice.objects.filter(user=user, confirmed=True).first()
    client.force_login(user)
    client.credentials(HTTP_X_CSRFTOKEN=client.get("/api/v1/accounts/csrf/").json()["csrf_token"])
    return client


def register(client, authenticator: SoftAuthenticator, name: str = "Téléphone") -> dict:
    options = client.post(REGISTER_BEGIN, {"name": name}, format="json")
    assert options.status_code == 200, options.json()
    answer = client.post(REGISTER_COMPLETE,
                         {"credential": authenticator.create(options.json())}, format="json")
    assert answer.status_code == 201, answer.json()
    return answer.json()


def password_step(username: str):
    client = csrf_client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD}, format="json")
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    return client, response


def passkey_step(client, authenticator: SoftAuthenticator, **kwargs):
    options = client.post(LOGIN_BEGIN, format="json")
    assert options.status_code == 200, options.json()
    return client.post(LOGIN_COMPLETE,
                       {"credential": authenticator.get(options.json(), **kwargs)},
                       format="json")


def test_a_teacher_adds_two_named_passkeys_and_sees_them_listed(world):
    client = signed_in(world.user("teacher"))
    authenticator = SoftAuthenticator()

    first = register(client, authenticator, "Téléphone")
    register(client, authenticator, "Clé USB")

    assert first["name"] == "Téléphone"
    assert first["last_used_at"] is None
    listed = client.get(PASSKEYS).json()["results"]
    assert {item["name"] for item in listed} == {"Téléphone", "Clé USB"}
    assert all(item["created_at"] for item in listed)


def test_the_registration_options_exclude_the_keys_already_added_and_prefer_verification(
        world):
    client = signed_in(world.user("teacher"))
    authenticator = SoftAuthenticator()
    added = register(client, authenticator)

    options = client.post(REGISTER_BEGIN, {"name": "Autre"}, format="json").json()

    assert options["rp"] == {"id": "localhost", "name": "Préau"}
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    [credential_id] = authenticator.passkeys
    assert [item["id"] for item in options["excludeCredentials"]] == [b64url(credential_id)]
    assert WebAuthnCredential.objects.get(pk=added["id"]).confirmed


def test_a_registration_from_another_origin_or_with_a_spent_challenge_is_refused(world):
    client = signed_in(world.user("teacher"))
    phishing = SoftAuthenticator(origin="https://preau-connexion.example")
    options = client.post(REGISTER_BEGIN, {"name": "Téléphone"}, format="json").json()

    refused = client.post(REGISTER_COMPLETE, {"credential": phishing.create(options)},
                          format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["credential"]

    # the challenge served once: the same options answered rightly are refused too
    again = client.post(REGISTER_COMPLETE,
                        {"credential": SoftAuthenticator().create(options)}, format="json")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "passkey_not_started"
    assert not WebAuthnCredential.objects.exists()


def test_families_cannot_add_a_passkey(world):
    client = signed_in(world.user("guardian"))
    response = client.post(REGISTER_BEGIN, {"name": "Téléphone"}, format="json")
    assert response.status_code == 403
    assert client.get(PASSKEYS).json()["results"] == []


def test_after_the_password_a_passkey_opens_the_session_with_its_method(world):
    authenticator = SoftAuthenticator()
    register(signed_in(world.user("teacher")), authenticator)

    client, response = password_step("teacher")
    assert response.json() == {"otp_required": True, "otp_setup_required": False,
                                "second_factors": ["passkey"]}
    assert client.get(ME).json()["error"]["code"] == "otp_required"

    answer = passkey_step(client, authenticator)

    assert answer.status_code == 200, answer.json()
    assert answer.json()["username"] == "teacher"
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    [session] = client.get(SESSIONS).json()["results"]
    assert session["method"] == "password_passkey"
    login = AuditEvent.objects.filter(kind=AuditKind.LOGIN_SUCCEEDED,
                                      username="teacher").latest("pk")
    assert login.sign_in_method == "password_passkey"
    [listed] = client.get(PASSKEYS).json()["results"]
    assert listed["last_used_at"] is not None


def test_the_sign_in_options_allow_only_the_accounts_keys_and_prefer_verification(world):
    authenticator = SoftAuthenticator()
    register(signed_in(world.user("teacher")), authenticator)
    client, _ = password_step("teacher")

    options = client.post(LOGIN_BEGIN, format="json").json()

    assert options["userVerification"] == "preferred"
    assert options["rpId"] == "localhost"
    [credential_id] = authenticator.passkeys
    assert [item["id"] for item in options["allowCredentials"]] == [b64url(credential_id)]


def test_an_account_with_both_factors_may_give_either(world):
    teacher = world.user("teacher")
    device = TOTPDevice.objects.create(user=teacher, name="Préau", confirmed=True)
    register(signed_in(teacher), SoftAuthenticator())

    client, response = password_step("teacher")
    assert response.json()["second_factors"] == ["totp", "passkey"]
    answer = client.post(LOGIN_OTP, {"code": code_of(device)}, format="json")
    assert answer.status_code == 200


def test_an_assertion_from_another_origin_is_a_failed_login(world):
    authenticator = SoftAuthenticator()
    register(signed_in(world.user("teacher")), authenticator)
    client, _ = password_step("teacher")

    refused = passkey_step(client, authenticator, origin="https://preau-connexion.example")

    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_passkey"
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED, username="teacher").exists()
    assert client.get(ME).status_code == 401


def test_a_replayed_assertion_is_refused(world):
    authenticator = SoftAuthenticator()
    register(signed_in(world.user("teacher")), authenticator)
    client, _ = password_step("teacher")
    options = client.post(LOGIN_BEGIN, format="json").json()
    assertion = authenticator.get(options)
    client.post(LOGIN_COMPLETE, {"credential": assertion}, format="json")

    # a second browser replays the same answer after its own password
    other, _ = password_step("teacher")
    other.post(LOGIN_BEGIN, format="json")
    replayed = other.post(LOGIN_COMPLETE, {"credential": assertion}, format="json")
    assert replayed.status_code == 400
    # and a challenge does not serve twice: refused once, the right answer then is too
    again, _ = password_step("teacher")
    again_options = again.post(LOGIN_BEGIN, format="json").json()
    phished = authenticator.get(again_options, origin="https://preau-connexion.example")
    assert again.post(LOGIN_COMPLETE, {"credential": phished}, format="json").status_code == 400
    late = again.post(LOGIN_COMPLETE, {"credential": authenticator.get(again_options)},
                      format="json")
    assert late.status_code == 400
    assert again.get(ME).status_code == 401


def test_a_cloned_authenticator_whose_counter_goes_back_is_refused(world):
    authenticator = SoftAuthenticator()
    register(signed_in(world.user("teacher")), authenticator)
    client, _ = password_step("teacher")
    assert passkey_step(client, authenticator).status_code == 200
    [passkey] = authenticator.passkeys.values()
    passkey.sign_count = 0  # the clone still counts from the start

    again, _ = password_step("teacher")
    refused = passkey_step(again, authenticator)

    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_passkey"


def test_another_accounts_passkey_is_refused(world):
    director_key = SoftAuthenticator()
    director = world.user("director")
    TOTPDevice.objects.create(user=director, name="Préau", confirmed=True)
    register(signed_in(director), director_key)
    register(signed_in(world.user("teacher")), SoftAuthenticator())
    client, _ = password_step("teacher")
    options = client.post(LOGIN_BEGIN, format="json").json()
    [director_passkey] = director_key.passkeys.values()

    refused = client.post(
        LOGIN_COMPLETE, {"credential": director_key.get(options, passkey=director_passkey)},
        format="json")

    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_passkey"


def test_wrong_passkeys_are_throttled_like_wrong_codes(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    authenticator = SoftAuthenticator()
    register(signed_in(world.user("teacher")), authenticator)
    client, _ = password_step("teacher")
    for _attempt in range(2):
        assert passkey_step(client, authenticator,
                            origin="https://preau-connexion.example").status_code == 400
    assert client.post(LOGIN_BEGIN, format="json").status_code == 429


def test_a_revoked_passkey_no_longer_signs_in(world):
    authenticator = SoftAuthenticator()
    teacher_client = signed_in(world.user("teacher"))
    kept = register(teacher_client, SoftAuthenticator(), "Clé USB")
    revoked = register(teacher_client, authenticator, "Téléphone")

    assert teacher_client.delete(f"{PASSKEYS}{revoked['id']}/").status_code == 204

    assert [item["id"] for item in teacher_client.get(PASSKEYS).json()["results"]] == [
        kept["id"]]
    client, _ = password_step("teacher")
    options = client.post(LOGIN_BEGIN, format="json").json()
    [passkey] = authenticator.passkeys.values()
    refused = client.post(LOGIN_COMPLETE,
                          {"credential": authenticator.get(options, passkey=passkey)},
                          format="json")
    assert refused.status_code == 400


def test_someone_elses_passkey_cannot_be_revoked(world):
    added = register(signed_in(world.user("teacher")), SoftAuthenticator())
    other = signed_in(world.user("teacher_other") or world.user("director"))
    assert other.delete(f"{PASSKEYS}{added['id']}/").status_code == 404
    assert WebAuthnCredential.objects.filter(pk=added["id"]).exists()


def test_a_director_keeps_a_last_second_factor_but_may_swap_the_application_for_a_passkey(
        world):
    director = world.user("director")
    TOTPDevice.objects.create(user=director, name="Préau", confirmed=True)
    client = signed_in(director)
    added = register(client, SoftAuthenticator())

    # the application may go: the passkey still satisfies the policy
    assert client.delete("/api/v1/accounts/me/otp/").status_code == 204
    # the last passkey may not
    refused = client.delete(f"{PASSKEYS}{added['id']}/")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "otp_required_by_policy"


def test_a_director_without_a_second_factor_may_set_up_a_passkey_at_first_login(world):
    client, response = password_step("director")
    assert response.json()["otp_setup_required"] is True
    assert client.get(ME).status_code == 403

    register(client, SoftAuthenticator())

    assert client.get(ME).status_code == 200


def test_a_bare_login_of_an_account_with_a_passkey_is_not_signed_in(world):
    """Every gate counts a passkey like a TOTP device: a session opened without the second
    step (Django's own login) is anonymous on the API and on the admin."""
    teacher = world.user("teacher")
    register(signed_in(teacher), SoftAuthenticator())
    client = Client()
    client.force_login(teacher)
    UserSession.objects.all().delete()

    # force_login of an account with a device: the steps were never passed
    session = client.session
    session.pop("preau_login_steps_passed", None)
    session.save()
    assert client.get(ME).json()["error"]["code"] == "otp_required"


def test_the_passkey_list_costs_the_same_queries_for_one_or_five(world):
    client = signed_in(world.user("teacher"))
    authenticator = SoftAuthenticator()
    register(client, authenticator)
    with CaptureQueriesContext(connection) as small:
        assert client.get(PASSKEYS).json()["count"] == 1
    for index in range(4):
        register(client, authenticator, f"Clé {index}")
    with CaptureQueriesContext(connection) as large:
        assert client.get(PASSKEYS).json()["count"] == 5
    assert 0 < len(large) == len(small) <= 10


def test_the_operator_removes_a_lost_passkey_in_the_admin(world, client):
    added = register(signed_in(world.user("teacher")), SoftAuthenticator())
    client.force_login(User.objects.create_superuser("operateur", "op@example.org", "x"))

    changelist = client.get("/admin/django_otp_webauthn/webauthncredential/")
    assert changelist.status_code == 200
    assert "Téléphone" in changelist.content.decode()
    deleted = client.post(f"/admin/django_otp_webauthn/webauthncredential/{added['id']}/delete/",
                          {"post": "yes"})

    assert deleted.status_code == 302
    assert not WebAuthnCredential.objects.exists()


def test_every_gate_treats_a_passkey_like_a_code_application(world):
    """An operator whose second factor is a passkey only: the admin's form stops after the
    password (it cannot ask for a passkey) and its session is nobody on the API, the admin
    and the WebSocket; the web app's passkey step opens a session that reaches them."""
    operator = world.user("operator")
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])
    authenticator = SoftAuthenticator()
    register(signed_in(operator), authenticator)

    admin = Client(enforce_csrf_checks=True)
    admin.get(ADMIN_LOGIN)
    page = admin.post(ADMIN_LOGIN, {"username": "operator", "password": PASSWORD,
                                    "csrfmiddlewaretoken": admin.cookies["csrftoken"].value})
    assert "se connecte avec une clé d" in page.content.decode()
    assert "id_code" not in page.content.decode()
    assert admin.get(ME).status_code == 401
    assert admin.get("/admin/").status_code == 302

    pending, _ = password_step("operator")
    assert pending.get(ME).json()["error"]["code"] == "otp_required"
    assert pending.get("/admin/").status_code == 302
    client, _ = password_step("operator")
    assert passkey_step(client, authenticator).status_code == 200
    assert client.get(ME).status_code == 200
    assert client.get("/admin/").status_code == 200
    assert not socket_opens(pending)  # last: the socket's test closes the connection
    assert socket_opens(client)


def passwordless(authenticator: SoftAuthenticator, **kwargs):
    client = csrf_client()
    options = client.post(PASSWORDLESS_BEGIN, format="json")
    assert options.status_code == 200, options.json()
    answer = client.post(PASSWORDLESS_COMPLETE,
                         {"credential": authenticator.get(options.json(), **kwargs)},
                         format="json")
    return client, options.json(), answer


def test_a_verified_discoverable_passkey_signs_in_without_a_password(world):
    authenticator = SoftAuthenticator()
    register(signed_in(world.user("director"), TOTPDevice.objects.create(
        user=world.user("director"), name="Préau", confirmed=True)), authenticator)

    client, options, answer = passwordless(authenticator)

    assert options["userVerification"] == "required"
    assert "allowCredentials" not in options or options["allowCredentials"] == []
    assert answer.status_code == 200, answer.json()
    assert answer.json()["username"] == "director"
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert client.get(ME).status_code == 200  # the policy's second factor is satisfied
    [session] = client.get(SESSIONS).json()["results"]
    assert session["method"] == "passkey"
    login = AuditEvent.objects.filter(kind=AuditKind.LOGIN_SUCCEEDED,
                                      username="director").latest("pk")
    assert login.sign_in_method == "passkey"


def test_without_user_verification_or_once_revoked_a_passkey_alone_opens_nothing(world):
    authenticator = SoftAuthenticator()
    teacher_client = signed_in(world.user("teacher"))
    added = register(teacher_client, authenticator)

    client, _, unverified = passwordless(authenticator, verified=False)
    assert unverified.status_code == 400
    assert unverified.json()["error"]["code"] == "invalid_passkey"
    assert client.get(ME).status_code == 401
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).exists()

    teacher_client.delete(f"{PASSKEYS}{added['id']}/")
    client, _, revoked = passwordless(authenticator)
    assert revoked.status_code == 400
    assert client.get(ME).status_code == 401


def test_refused_passwordless_answers_are_throttled_per_address(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    stranger = SoftAuthenticator()
    stranger.create({"rp": {"id": "localhost"}, "user": {"id": "dQ"}, "challenge": "AA"})
    for _attempt in range(2):
        assert passwordless(stranger)[2].status_code == 400
    assert csrf_client().post(PASSWORDLESS_BEGIN, format="json").status_code == 429
