"""Passkeys (WebAuthn): a second factor of staff and authority accounts, beside the TOTP
application (docs/security.md, "Passkeys").

The ceremonies are django-otp-webauthn's (``WebAuthnHelper``, over py_webauthn): the
challenge lives in the session and serves once, the origin and the relying party ID are
checked against the settings (``OTP_WEBAUTHN_ALLOWED_ORIGINS``, ``OTP_WEBAUTHN_RP_ID``),
the signature counter must grow, user verification is preferred. A passkey is a
``WebAuthnCredential``, a django_otp device: ``session_policy.has_confirmed_device`` counts
it like a TOTP device at every gate.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.db import IntegrityError, transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.utils import rewrite_exceptions
from webauthn.helpers.structs import UserVerificationRequirement

from preau.accounts.models import SignInMethod, User
from preau.accounts.services import (
    PENDING_AT_KEY,
    SECOND_FACTOR_KEY,
    can_use_second_factor,
    login_failure_keys,
    login_pending_user,
    second_factor_required,
    session_open,
    throttle_account_clear,
    throttle_check,
    throttle_failure_record,
)
from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.common.sessions import PENDING_USER_KEY

# The state of a ceremony under way (its challenge): one of each kind per session, popped
# before it is checked, so that a challenge never serves twice.
REGISTER_STATE_KEY = "preau_passkey_register"
LOGIN_STATE_KEY = "preau_passkey_login"
NOT_STAFF = "Les clés d'accès concernent les comptes des personnels et autorités."
REFUSED = ("Clé d'accès refusée : utilisez une clé enregistrée pour ce compte, ou le code "
           "de votre application.")


class PasskeyHelper(WebAuthnHelper):
    """django-otp-webauthn's ceremonies, with user verification *preferred* at sign-in (a
    PIN or a fingerprint where the authenticator has one; the password came first)."""

    def get_generate_authentication_options_kwargs(self, *, user=None,
                                                   require_user_verification: bool) -> dict:
        kwargs = super().get_generate_authentication_options_kwargs(
            user=user, require_user_verification=require_user_verification)
        if not require_user_verification:
            kwargs["user_verification"] = UserVerificationRequirement.PREFERRED
        return kwargs


def _helper(request) -> WebAuthnHelper:
    return WebAuthnCredential.get_webauthn_helper(request=request)


def passkeys_confirmed(*, user: User) -> bool:
    return WebAuthnCredential.objects.filter(user_id=user.pk, confirmed=True).exists()


# --- Registration (« Mon espace ») --------------------------------------------------------

def passkey_register_begin(*, request, user: User, name: str) -> dict:
    """The options of ``navigator.credentials.create`` for a new passkey of ``user``; the
    challenge and the name wait in the session for ``passkey_register_complete``."""
    if not can_use_second_factor(user=user):
        raise PermissionDeniedError(NOT_STAFF)
    options, state = _helper(request).register_begin(user=user)
    request.session[REGISTER_STATE_KEY] = {**state, "name": name}
    return options


def passkey_register_complete(*, request, user: User, credential: dict) -> WebAuthnCredential:
    """Check the authenticator's answer (challenge, origin, RP ID, signature) and keep the
    passkey under the name given at the start. A session opened only to set up a required
    second factor becomes a full one."""
    if not can_use_second_factor(user=user):
        raise PermissionDeniedError(NOT_STAFF)
    state = request.session.pop(REGISTER_STATE_KEY, None)
    if not state:
        message = "Recommencez l'ajout de la clé d'accès."
        raise ApplicationError(message, code="passkey_not_started",
                               fields={"credential": [message]})
    try:
        with transaction.atomic(), rewrite_exceptions():
            User.objects.select_for_update().filter(pk=user.pk).first()
            device = _helper(request).register_complete(user=user, state=state,
                                                        data=credential)
            device.name = state["name"]
            device.save(update_fields=["name"])
    except (OTPWebAuthnApiError, IntegrityError):
        message = "Cette clé d'accès n'a pas pu être enregistrée. Réessayez."
        raise ApplicationError(message, code="passkey_refused",
                               fields={"credential": [message]}) from None
    if request.session.get(DEVICE_ID_SESSION_KEY) is None:
        otp_login(request, device)  # this session now counts as verified
    request.session.pop(SECOND_FACTOR_KEY, None)
    return device


@transaction.atomic
def passkey_remove(*, user: User, passkey: WebAuthnCredential) -> None:
    """Revoke one passkey; the last second factor of a role that must have one stays."""
    if not can_use_second_factor(user=user):
        raise PermissionDeniedError(NOT_STAFF)
    User.objects.select_for_update().filter(pk=user.pk).first()
    others = (WebAuthnCredential.objects.filter(user_id=user.pk, confirmed=True)
              .exclude(pk=passkey.pk).exists()
              or TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())
    if second_factor_required(user=user) and not others:
        message = ("Votre fonction exige une double authentification : ajoutez une autre clé "
                   "ou l'application avant de retirer celle-ci.")
        raise ApplicationError(message, code="otp_required_by_policy",
                               fields={"non_field_errors": [message]})
    passkey.delete()


# --- Sign-in, second step --------------------------------------------------------------

def login_passkey_begin(*, request) -> dict:
    """The options of ``navigator.credentials.get`` for the account whose password was just
    checked: its passkeys are allowed, the challenge waits in the session."""
    user = login_pending_user(request=request)
    throttle_check(login_failure_keys(request=request, username=user.username))
    if not passkeys_confirmed(user=user):
        message = "Ce compte n'a pas de clé d'accès : saisissez le code de votre application."
        raise ApplicationError(message, code="no_passkey")
    options, state = _helper(request).authenticate_begin(user=user,
                                                         require_user_verification=False)
    request.session[LOGIN_STATE_KEY] = state
    return options


def _refused(*, request, user: User, keys: list[str]) -> ApplicationError:
    throttle_failure_record(keys)
    user_login_failed.send(sender=__name__, credentials={"username": user.username},
                           request=request)
    return ApplicationError(REFUSED, code="invalid_passkey", fields={"credential": [REFUSED]})


def login_passkey_verify(*, request, credential: dict) -> User:
    """Second step of a login with a passkey: the authenticator's signature over this
    session's challenge opens the session (``SignInMethod.PASSWORD_PASSKEY``). A refused
    assertion counts as a failed login, like a wrong code."""
    user = login_pending_user(request=request)
    keys = login_failure_keys(request=request, username=user.username)
    throttle_check(keys)
    state = request.session.pop(LOGIN_STATE_KEY, None)  # a challenge serves once
    if not state:
        raise _refused(request=request, user=user, keys=keys)
    try:
        with transaction.atomic(), rewrite_exceptions():
            User.objects.select_for_update().filter(pk=user.pk).first()  # one counter check
            device = _helper(request).authenticate_complete(user=user, state=state,
                                                            data=credential)
    except OTPWebAuthnApiError:
        raise _refused(request=request, user=user, keys=keys) from None
    if not device.confirmed:
        raise _refused(request=request, user=user, keys=keys)
    throttle_account_clear(keys)
    with transaction.atomic():
        del request.session[PENDING_USER_KEY]
        request.session.pop(PENDING_AT_KEY, None)
        user.otp_device = device  # django_otp marks the session verified on login
        session_open(request=request, user=user, method=SignInMethod.PASSWORD_PASSKEY)
    return user


# --- Sign-in without a password (a discoverable passkey, user verification required) ---

DISCOVER_STATE_KEY = "preau_passkey_discover"
PASSWORDLESS_REFUSED = ("Clé d'accès refusée : utilisez une clé enregistrée sur Mon espace, "
                        "ou connectez-vous avec votre mot de passe.")


def _address_keys(request) -> list[str]:
    # The per-address counter of failed logins (no account is named before the passkey).
    return login_failure_keys(request=request, username="")[1:]


def login_passwordless_begin(*, request) -> dict:
    """The options of ``navigator.credentials.get`` with no account named: the browser
    offers the discoverable passkeys it holds for this site; user verification (a PIN, a
    fingerprint) is required, since no password comes first."""
    throttle_check(_address_keys(request))
    options, state = _helper(request).authenticate_begin(user=None,
                                                         require_user_verification=True)
    request.session[DISCOVER_STATE_KEY] = state
    return options


def login_passwordless_verify(*, request, credential: dict) -> User:
    """A discoverable passkey, verified by its owner, opens the session on its own
    (``SignInMethod.PASSKEY``): possession of the key and its PIN or fingerprint are the
    two factors. Staff and authority accounts only (the only ones that hold passkeys). A
    refused answer counts as a failed login of this address."""
    keys = _address_keys(request)
    throttle_check(keys)
    state = request.session.pop(DISCOVER_STATE_KEY, None)  # a challenge serves once
    device = None
    if state:
        try:
            with transaction.atomic(), rewrite_exceptions():
                device = _helper(request).authenticate_complete(user=None, state=state,
                                                                data=credential)
        except OTPWebAuthnApiError:
            device = None
    user = device.user if device is not None else None
    if (device is None or not device.confirmed or not user.is_active
            or not can_use_second_factor(user=user)):
        throttle_failure_record(keys)
        user_login_failed.send(sender=__name__,
                               credentials={"username": user.username if user else ""},
                               request=request)
        raise ApplicationError(PASSWORDLESS_REFUSED, code="invalid_passkey",
                               fields={"credential": [PASSWORDLESS_REFUSED]})
    with transaction.atomic():
        request.session.pop(PENDING_USER_KEY, None)
        request.session.pop(PENDING_AT_KEY, None)
        user.otp_device = device  # django_otp marks the session verified on login
        session_open(request=request, user=user, method=SignInMethod.PASSKEY)
    return user


def second_factors_of(*, user: User) -> list[str]:
    """Which second factors the login's second step may ask: ``totp``, ``passkey``."""
    factors = []
    if TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
        factors.append("totp")
    if passkeys_confirmed(user=user):
        factors.append("passkey")
    return factors

