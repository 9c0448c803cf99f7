"""Role-matrix rows of the accounts app: every role reaches only its own sessions."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from preau.accounts.models import UserSession
from preau.accounts.passkeys import REGISTER_STATE_KEY
from tests.accounts.passkey_authenticator import SoftAuthenticator, b64url
from tests.matrix import AUTHENTICATED, Row
from tests.world import World

OWN_ONLY = {role: {role} for role in AUTHENTICATED}
# Staff and authority accounts may set up a second factor; families and pupils get 403.
SECOND_FACTOR_USERS = {role: set() for role in AUTHENTICATED
                       if role not in {"pupil", "guardian", "guardian_other"}}
# The roles that must keep one (PREAU_TOTP_REQUIRED_FOR's default): removing it is a 400.
REQUIRED_SECOND_FACTOR = {"director", "director_other", "commune", "commune_other",
                          "inspector", "inspector_other", "dasen", "operator"}
OPTIONAL_SECOND_FACTOR_USERS = {role: set() for role in SECOND_FACTOR_USERS
                                if role not in REQUIRED_SECOND_FACTOR}


def _sessions(world: World) -> None:
    """One recorded session per role's user (the test client's own is not recorded)."""
    if "sessions" not in world.extra:
        world.extra["sessions"] = {
            role: UserSession.objects.create(user=world.user(role),
                                             session_key=f"matrix{index:034d}",
                                             user_agent="Mozilla/5.0 (Android) Firefox/140.0")
            for index, role in enumerate(AUTHENTICATED)}


# One key for every role's device being set up, so that the body's code fits whoever sends it.
SETUP_KEY = "3132333435363738393031323334353637383930"


def _devices_being_set_up(world: World) -> None:
    if "otp_devices" not in world.extra:
        world.extra["otp_devices"] = [
            TOTPDevice.objects.create(user=world.user(role), name="Préau", key=SETUP_KEY,
                                      confirmed=False)
            for role in SECOND_FACTOR_USERS]


def _current_code(world: World, key: str | None) -> dict:
    device = world.extra["otp_devices"][0]
    return {"code": f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"}


def _session_key(world: World, item: dict) -> str:
    return next(role for role, session in world.extra["sessions"].items()
                if session.pk == item["id"])


def _passkeys(world: World) -> None:
    """One passkey per role's user (made here as the model holds them: the ceremony has
    its own tests in tests/accounts/test_passkeys.py)."""
    if "passkeys" not in world.extra:
        world.extra["passkeys"] = {
            role: WebAuthnCredential.objects.create(
                user=world.user(role), name=f"Clé {role}", credential_id=bytes([index]) * 16,
                public_key=b"-", aaguid="00000000-0000-0000-0000-000000000000")
            for index, role in enumerate(AUTHENTICATED)}


def _passkey_role(world: World, item: dict) -> str:
    return next(role for role, passkey in world.extra["passkeys"].items()
                if passkey.pk == item["id"])


# One challenge for every role's registration under way, so that the body fits whoever
# sends it (each answer is a new key).
REGISTER_CHALLENGE = b64url(b"matrix-passkey-challenge")


def _registration_begun(world: World) -> None:
    """Each role's session holds a registration begun (as ``register/begin/`` leaves it)."""
    if "passkey_registration" in world.extra:
        return
    world.extra["passkey_registration"] = True
    engine = import_module(settings.SESSION_ENGINE)
    for key in world.session_keys.values():
        session = engine.SessionStore(session_key=key)
        session[REGISTER_STATE_KEY] = {"challenge": REGISTER_CHALLENGE, "name": "Téléphone",
                                       "require_user_verification": False}
        session.save()


def _new_passkey(world: World, key: str | None) -> dict:
    authenticator = SoftAuthenticator(origin=settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0])
    return {"credential": authenticator.create({
        "rp": {"id": settings.OTP_WEBAUTHN_RP_ID}, "user": {"id": b64url(b"matrix")},
        "challenge": REGISTER_CHALLENGE})}


# Revoking one's own passkey: the roles that may go without a second factor (a required
# role's last one stays, a 400 tested in tests/accounts/test_passkeys.py).
OWN_PASSKEY_WRITERS = {role: {role} for role in OPTIONAL_SECOND_FACTOR_USERS}

ROWS: list[Row] = [
    Row("accounts:me-session-list", kind="list", seen=OWN_ONLY, prepare=_sessions,
        listed_key=_session_key),
    Row("accounts:me-session-detail", method="DELETE", kwarg="session_id",
        resolve=lambda w, key: w.extra["sessions"][key],
        targets={"a_guardian's": "guardian", "a_teacher's": "teacher",
                 "a_director's": "director", "a_commune's": "commune"},
        writers=OWN_ONLY, ok_status=204, prepare=_sessions, authority_may_write=True),
    Row("accounts:me-sessions-end-others", method="POST", kind="self", prepare=_sessions,
        authority_may_write=True),
    Row("accounts:login-otp", method="POST", kind="public", body={"code": "123456"}),
    Row("accounts:me-otp", kind="self"),
    Row("accounts:me-otp", method="POST", kind="self", writers=SECOND_FACTOR_USERS,
        ok_status=201, authority_may_write=True),
    Row("accounts:me-otp", method="DELETE", kind="self", writers=OPTIONAL_SECOND_FACTOR_USERS,
        refused=dict.fromkeys(REQUIRED_SECOND_FACTOR, 400), ok_status=204,
        authority_may_write=True),
    Row("accounts:me-otp-confirm", method="POST", kind="self", writers=SECOND_FACTOR_USERS,
        ok_status=204, authority_may_write=True, prepare=_devices_being_set_up,
        body=_current_code),
    Row("accounts:login-passkey-begin", method="POST", kind="public"),
    Row("accounts:login-passkey-complete", method="POST", kind="public",
        body={"credential": {"id": "AAAA", "type": "public-key"}}),
    Row("accounts:login-passwordless-begin", method="POST", kind="public"),
    Row("accounts:login-passwordless-complete", method="POST", kind="public",
        body={"credential": {"id": "AAAA", "type": "public-key"}}),
    Row("accounts:me-passkey-list", kind="list", seen=OWN_ONLY, prepare=_passkeys,
        listed_key=_passkey_role),
    Row("accounts:me-passkey-register-begin", method="POST", kind="self",
        writers=SECOND_FACTOR_USERS, body={"name": "Téléphone"}, authority_may_write=True),
    Row("accounts:me-passkey-register-complete", method="POST", kind="self",
        writers=SECOND_FACTOR_USERS, ok_status=201, authority_may_write=True,
        prepare=_registration_begun, body=_new_passkey),
    Row("accounts:me-passkey-detail", method="DELETE", kwarg="passkey_id",
        resolve=lambda w, key: w.extra["passkeys"][key],
        targets={"a_guardian's": "guardian", "a_teacher's": "teacher"},
        seen=OWN_ONLY, writers=OWN_PASSKEY_WRITERS, ok_status=204, prepare=_passkeys,
        authority_may_write=True),
    Row("accounts:password-reset", method="POST", kind="public",
        body={"email": "personne@example.org"}),
    Row("accounts:password-reset-confirm", method="POST", kind="public",
        body={"token": "MQ.abc-def", "password": "un-mot-de-passe-solide"}),
]
