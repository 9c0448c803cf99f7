"""Logins, logouts, sessions, password resets and account deactivation."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.exceptions import Throttled

from preau.accounts import session_policy
from preau.accounts.gate import password_check_slot
from preau.accounts.models import Invitation, SignInMethod, User, UserSession
from preau.accounts.selectors import guardians_without_account
from preau.accounts.tasks import send_password_reset
from preau.accounts.throttling import failures_record, failures_refuse, throttle_store
from preau.audit.models import AuditKind
from preau.audit.services import audit_event_record
from preau.common.client_address import client_ip
from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.common.session_store import sessions_delete
from preau.common.sessions import PENDING_USER_KEY, SIGN_IN_METHOD_KEY
from preau.common.tasks import enqueue
from preau.people.access import directs_school
from preau.people.models import Person
from preau.people.selectors import viewer_roles
from preau.realtime.publish import close_sockets_on_commit
from preau.schools.models import Classroom, School

logger = logging.getLogger("preau.accounts")

# The backend named by the sessions that a login opens: it loads their account with its
# authority check in one query (preau/accounts/backends.py).
SESSION_BACKEND = "preau.accounts.backends.SessionAccountBackend"


def _failure_keys(*, username: str, ip: str) -> list[str]:
    return [f"login-fail:user:{username.strip().lower()}", f"login-fail:ip:{ip}"]


def _check_not_throttled(keys: list[str]) -> None:
    _check_not_throttled_at(keys, limit=settings.LOGIN_FAILURE_LIMIT)


def _check_not_throttled_at(keys: list[str], *, limit: int) -> None:
    failures_refuse([(key, limit) for key in keys],
                    window=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _record_failure(keys: list[str]) -> None:
    failures_record(keys, window=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_failure_keys(*, request, username: str) -> list[str]:
    """The throttle counters of a password check: per account and per client address."""
    return _failure_keys(username=username, ip=client_ip(request))


def throttle_check(keys: list[str]) -> None:
    """429 (``Throttled``) when one of the counters reached ``LOGIN_FAILURE_LIMIT``."""
    _check_not_throttled(keys)


def throttle_failure_record(keys: list[str]) -> None:
    """Count one failure on each counter (the cache is not rolled back with a transaction)."""
    _record_failure(keys)


def throttle_account_clear(keys: list[str]) -> None:
    """A success forgets the account's failures (the first of ``login_failure_keys``)."""
    throttle_store.delete_many([keys[0], f"{keys[0]}:start"])


def password_check(*, request, username: str, password: str,
                   field: str | None = None) -> User:
    """The account whose password this is, checked as every password is (the login, the
    linking of an identity to an existing login).

    More than ``LOGIN_FAILURE_LIMIT`` failures in the window for one account or one
    address answer 429 before any password is checked (a check costs real CPU; audited).
    Beyond the process's password-check slots, 503 with Retry-After at once (``gate.py``).
    A wrong password counts a failure; its 400 names ``field`` when given. The caller
    forgets the account's failures (``throttle_account_clear``) once every step passed."""
    keys = login_failure_keys(request=request, username=username)
    try:
        _check_not_throttled(keys)
    except Throttled:
        audit_event_record(kind=AuditKind.LOGIN_THROTTLED, request=request,
                           username=username, path=request.path)
        raise
    with password_check_slot():
        user = authenticate(request, username=username, password=password)
    if user is None:
        _record_failure(keys)
        message = "Identifiant ou mot de passe incorrect."
        raise ApplicationError(message, code="invalid_credentials",
                               fields={field: [message]} if field else None)
    return user


def user_login(*, request, username: str, password: str) -> User:
    """Check the credentials (``password_check``: throttled, one of the password-check
    slots) and open a session, or wait for the second factor of an account that has one."""
    user = password_check(request=request, username=username, password=password)
    throttle_account_clear(login_failure_keys(request=request, username=username))
    if session_policy.has_confirmed_device(user):
        # The password was right; the session opens only with the code (login_otp_verify)
        # or a passkey (passkeys.login_passkey_verify).
        request.session.cycle_key()
        request.session[PENDING_USER_KEY] = user.pk
        request.session[PENDING_AT_KEY] = time.time()
        return user
    with transaction.atomic():
        session_open(request=request, user=user, method=SignInMethod.PASSWORD)
        if second_factor_required(user=user):
            request.session[SECOND_FACTOR_KEY] = SETUP_REQUIRED
    return user


# Ways in that authenticate on their own: an identity provider (the académie's federation
# has its own rules for staff, docs/federation.md), or a class card on an enrolled tablet.
# The second factor of the password sign-in (TOTP, passkey) is not asked on top of them.
SIGN_INS_WITHOUT_CODE = frozenset({SignInMethod.SAML, SignInMethod.OIDC,
                                   SignInMethod.CARD_PICTURES, SignInMethod.CARD_QR})


def session_open(*, request, user: User, method: SignInMethod, provider: str = "") -> None:
    """Open a session for ``user`` (every way in ends here: password, SAML, OpenID Connect,
    class card, passkey). The caller has checked the credentials and runs in a transaction.

    The session gets a new key, its kind (timeouts) and its row in the login's sessions
    list with the method; Django's ``user_logged_in`` writes the audit event, method
    included. After a password, a second factor still due is the caller's
    (``login_otp_verify``); the other ways in are whole sign-ins of their own
    (``SIGN_INS_WITHOUT_CODE``), never asked the password's code on top."""
    # Every login gets a new session key, also when this browser is already signed in to the
    # same account (Django keeps the key then): the session list has one row per key, and
    # the session that was open ends as a logout would end it.
    previous_key = request.session.session_key
    if previous_key and UserSession.objects.filter(session_key=previous_key).delete()[0]:
        close_sockets_on_commit(session_keys=[previous_key])
    signed_in_as = getattr(request, "user", None)
    if signed_in_as is not None and signed_in_as.is_authenticated and signed_in_as.pk != user.pk:
        # Someone else's session on this browser: nothing of it is kept (Django's login
        # would flush it itself, after the method was written, and leave no key to record).
        request.session.flush()
    request.session.cycle_key()
    request.session[SIGN_IN_METHOD_KEY] = f"{method}:{provider}" if provider else str(method)
    django_login(request, user, backend=SESSION_BACKEND)
    if method in SIGN_INS_WITHOUT_CODE:
        request.session[session_policy.STEPS_PASSED_KEY] = user.pk
    # django_login marked the session with its kind (session_policy.mark_session_on_login).
    kind = request.session.get(session_policy.KIND_KEY) or session_policy.session_kind_of(
        user=user)
    address = client_ip(request)
    UserSession.objects.create(
        user=user,
        session_key=request.session.session_key,
        kind=kind,
        ip_address=address if address != "unknown" else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        method=method,
        provider=provider[:60],
    )


def user_logout(*, request) -> None:
    session_key = request.session.session_key
    with transaction.atomic():
        if session_key:
            UserSession.objects.filter(session_key=session_key).delete()
            close_sockets_on_commit(session_keys=[session_key])  # another tab's socket
        django_logout(request)


def _end_all_sessions(*, user: User) -> None:
    sessions_delete(user.user_sessions.values_list("session_key", flat=True))
    user.user_sessions.all().delete()
    close_sockets_on_commit(user_ids=[user.pk])


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Disable a login, end every session it holds and close its open sockets."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    _end_all_sessions(user=user)
    return user


# --- Sessions ----------------------------------------------------------------------------

@transaction.atomic
def user_session_end(*, user_session: UserSession) -> None:
    """End one session: its Django session is deleted and its open sockets are closed."""
    sessions_delete([user_session.session_key])
    close_sockets_on_commit(session_keys=[user_session.session_key])
    user_session.delete()


@transaction.atomic
def user_sessions_end_others(*, user: User, current_session_key: str | None) -> int:
    """End every session of ``user`` except the current one; returns how many ended."""
    others = user.user_sessions.exclude(session_key=current_session_key or "")
    keys = list(others.values_list("session_key", flat=True))
    sessions_delete(keys)
    others.delete()
    close_sockets_on_commit(session_keys=keys)
    return len(keys)


def session_expired_end(*, request) -> None:
    """A timed-out session: forget it and close its sockets."""
    session_key = request.session.session_key
    with transaction.atomic():
        if session_key:
            UserSession.objects.filter(session_key=session_key).delete()
            close_sockets_on_commit(session_keys=[session_key])
        request.session.flush()


def user_session_touch(*, request) -> None:
    """Record that the session was used now (its idle timeout starts again)."""
    session = request.session
    now = time.time()
    if session_policy.KIND_KEY not in session:  # opened by the admin form or a test
        kind = session_policy.session_kind_of(user=request.user)
        session_policy.session_mark_opened(session=session, kind=kind, now=now)
        return
    session[session_policy.SEEN_KEY] = now
    if session.session_key:
        with transaction.atomic():
            UserSession.objects.filter(session_key=session.session_key).update(
                last_seen_at=timezone.now())


# --- Second factor (TOTP) ---------------------------------------------------------------

# A password checked for an account with a confirmed device: the session holds only these
# two values (``PENDING_USER_KEY``, in ``preau.common.sessions`` because the error handler
# reads it, and ``PENDING_AT_KEY``), and no login, until the code is given.
PENDING_AT_KEY = "preau_otp_pending_at"
PENDING_SECONDS = 5 * 60
# A session whose role must use a second factor and has none: only the setup endpoints
# (SECOND_FACTOR_KEY = SETUP_REQUIRED, session_policy.session_login_state).
SECOND_FACTOR_KEY = session_policy.SECOND_FACTOR_KEY
OTP_REQUIRED = session_policy.OTP_REQUIRED
SETUP_REQUIRED = session_policy.SETUP_REQUIRED
# Staff and authority roles may add a second factor; families and pupils never see it.
SECOND_FACTOR_ROLES = frozenset({"teacher", "director", "commune", "inspector", "dasen",
                                 "operator"})
WRONG_CODE = "Code incorrect : vérifiez l'heure de votre téléphone et réessayez."
# The demo's published TOTP key (``seed_demo`` under ``config.settings.local``): anyone can
# compute its codes, so a device with this key verifies nothing unless the settings say
# ``PREAU_DEMO_TOTP_ALLOWED`` (the local demo only; never test or production).
DEMO_TOTP_KEY = "70726561752d64656d6f2d746f74702d6b657921"


def _code_accepted(*, device: TOTPDevice | None, code: str) -> bool:
    if device is None:
        return False
    if device.key == DEMO_TOTP_KEY and not settings.PREAU_DEMO_TOTP_ALLOWED:
        return False
    return device.verify_token(code)


def totp_code_accepted(*, user: User, code: str) -> bool:
    """The code of the account's confirmed TOTP device (the account has one)."""
    return _code_accepted(device=_confirmed_device(user=user), code=code)


def totp_confirmed(*, user: User) -> bool:
    return _confirmed_device(user=user) is not None


def totp_demo_device_give(*, user: User) -> TOTPDevice:
    """A confirmed device with the demo's published key; refused outside the local demo."""
    if not settings.PREAU_DEMO_TOTP_ALLOWED:
        raise ApplicationError("La clé de démonstration n'est acceptée que par la "
                               "démonstration locale (config.settings.local).",
                               code="demo_totp_refused")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        return TOTPDevice.objects.create(user=user, name="Préau (démonstration)",
                                         key=DEMO_TOTP_KEY, confirmed=True)


def _confirmed_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_roles(*, user: User) -> set[str]:
    return set(viewer_roles(viewer=user)) & SECOND_FACTOR_ROLES


def can_use_second_factor(*, user: User) -> bool:
    return bool(second_factor_roles(user=user))


def second_factor_required(*, user: User) -> bool:
    """``PREAU_TOTP_REQUIRED_FOR`` names one of the user's staff or authority roles."""
    required = set(settings.PREAU_TOTP_REQUIRED_FOR)
    return bool(required) and bool(second_factor_roles(user=user) & required)


def second_factor_pending(*, session) -> str | None:
    """``otp_required`` (password checked, code awaited), ``otp_setup_required`` (signed in,
    but only to set up a device) or None."""
    if session.get(PENDING_USER_KEY) is not None:
        return OTP_REQUIRED
    return session.get(SECOND_FACTOR_KEY)


def second_factor_status(*, user: User) -> dict[str, bool]:
    available = can_use_second_factor(user=user)
    return {"available": available,
            "enabled": available and _confirmed_device(user=user) is not None,
            "required": available and second_factor_required(user=user)}


def _code_refused(*, request, username: str, keys: list[str]) -> ApplicationError:
    _record_failure(keys)
    user_login_failed.send(sender=__name__, credentials={"username": username},
                           request=request)
    return ApplicationError(WRONG_CODE, code="invalid_code", fields={"code": [WRONG_CODE]})


def login_pending_user(*, request) -> User:
    """The account whose password this session checked, awaiting its second factor (code
    or passkey) for at most ``PENDING_SECONDS``; else 401 ``otp_not_pending``."""
    user_id = request.session.get(PENDING_USER_KEY)
    started = float(request.session.get(PENDING_AT_KEY, 0))
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or time.time() - started > PENDING_SECONDS:
        request.session.pop(PENDING_USER_KEY, None)
        message = "Reconnectez-vous : saisissez de nouveau votre mot de passe."
        raise ApplicationError(message, code="otp_not_pending", status_code=401)
    return user


def login_otp_verify(*, request, code: str) -> User:
    """Second step of a login: the code of the account's TOTP device opens the session.

    A wrong code counts as a failed login (same throttling, same audit event)."""
    user = login_pending_user(request=request)
    keys = _failure_keys(username=user.username, ip=client_ip(request))
    _check_not_throttled(keys)
    with transaction.atomic():
        device = (TOTPDevice.objects.select_for_update()
                  .filter(user=user, confirmed=True).first())
        verified = _code_accepted(device=device, code=code)
    if not verified:
        raise _code_refused(request=request, username=user.username, keys=keys)
    throttle_store.delete_many([keys[0], f"{keys[0]}:start"])
    with transaction.atomic():
        del request.session[PENDING_USER_KEY]
        request.session.pop(PENDING_AT_KEY, None)
        user.otp_device = device  # django_otp marks the session verified on login
        session_open(request=request, user=user, method=SignInMethod.PASSWORD_TOTP)
    return user


@dataclass
class TotpSetup:
    otpauth_uri: str
    secret: str


def totp_device_start(*, user: User) -> TotpSetup:
    """A new, unconfirmed device for a staff or authority account (any previous unconfirmed
    one is dropped). Refused when a confirmed device exists: remove it first."""
    if not can_use_second_factor(user=user):
        raise PermissionDeniedError(
            "La double authentification concerne les comptes des personnels et autorités.")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one setup at a time
        if _confirmed_device(user=user) is not None:
            raise ApplicationError("La double authentification est déjà activée.",
                                   code="otp_already_set_up")
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="Préau", confirmed=False)
    return TotpSetup(otpauth_uri=device.config_url,
                     secret=base64.b32encode(device.bin_key).decode())


def totp_device_confirm(*, request, user: User, code: str) -> None:
    """The first code from the application confirms the device; this session counts as
    verified, and a session opened only for the setup becomes a full one."""
    if not can_use_second_factor(user=user):
        raise PermissionDeniedError(
            "La double authentification concerne les comptes des personnels et autorités.")
    keys = _failure_keys(username=user.username, ip=client_ip(request))
    _check_not_throttled(keys)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        device = (TOTPDevice.objects.filter(user=user, confirmed=False)
                  .order_by("-pk").first())
        if device is None:
            message = "Commencez par créer la double authentification."
            raise ApplicationError(message, code="otp_not_started", fields={"code": [message]})
        verified = _code_accepted(device=device, code=code)
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if not verified:
        raise _code_refused(request=request, username=user.username, keys=keys)
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR_KEY, None)


@transaction.atomic
def totp_device_remove(*, user: User) -> None:
    if not can_use_second_factor(user=user):
        raise PermissionDeniedError(
            "La double authentification concerne les comptes des personnels et autorités.")
    # Another kind of second factor (a passkey) stays: the policy still holds.
    passkey_left = any(not isinstance(device, TOTPDevice)
                       for device in devices_for_user(user, confirmed=True))
    if second_factor_required(user=user) and not passkey_left:
        message = "La double authentification est obligatoire pour votre fonction."
        raise ApplicationError(message, code="otp_required_by_policy",
                               fields={"non_field_errors": [message]})
    TOTPDevice.objects.filter(user=user).delete()


# --- Password reset ----------------------------------------------------------------------

RESET_PATH = "/mot-de-passe/nouveau"


def _password_reset_user(token: str) -> User | None:
    uid, _, secret = token.partition(".")
    try:
        user_id = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, secret):
        return None
    return user


def password_reset_request(*, request, email: str) -> None:
    """Mail a reset link to each active account with this address. The caller learns
    nothing: the answer is the same whether the address is known or not.

    Requests are counted per client address (429 beyond ``PREAU_PASSWORD_RESET_LIMIT`` in
    the window); an account receives at most that many mails per window, silently."""
    address_keys = [f"reset-request:ip:{client_ip(request)}"]
    _check_not_throttled_at(address_keys, limit=settings.PREAU_PASSWORD_RESET_LIMIT)
    _record_failure(address_keys)
    users = list(User.objects.filter(email__iexact=email.strip(), is_active=True)
                 .exclude(email=""))
    for user in users:
        account_key = f"reset-request:user:{user.pk}"
        if throttle_store.get(account_key, 0) >= settings.PREAU_PASSWORD_RESET_LIMIT:
            continue
        _record_failure([account_key])
        # Nothing was written: no commit to wait for. The task writes the mail and its
        # link (accounts.tasks); the answer is the same whether it could be queued or not.
        enqueue(send_password_reset, user.pk, request.build_absolute_uri(RESET_PATH))


def password_reset_confirm(*, token: str, password: str) -> User:
    """Set a new password from a mailed token; the token then stops working, and every
    session of the account ends (its sockets too)."""
    with transaction.atomic():
        user = _password_reset_user(token)
        if user is None:
            message = ("Ce lien n'est plus valable (déjà utilisé ou expiré). "
                       "Demandez-en un nouveau.")
            raise ApplicationError(message, code="invalid_token", fields={"token": [message]})
        user = User.objects.select_for_update().get(pk=user.pk)
        try:
            validate_password(password, user=user)
        except DjangoValidationError as error:
            messages = list(error.messages)
            raise ApplicationError(messages[0], code="invalid",
                                   fields={"password": messages}) from None
        user.set_password(password)
        user.save(update_fields=["password"])
        _end_all_sessions(user=user)
    return user


# --- Invitations -------------------------------------------------------------------------

# No I, L, O, 0 or 1: nothing a parent may misread on paper. 31 symbols × 16 ≈ 79 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4


def invitation_code_new() -> str:
    symbols = "".join(secrets.choice(CODE_ALPHABET)
                      for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(symbols[i:i + CODE_GROUP_LENGTH]
                    for i in range(0, len(symbols), CODE_GROUP_LENGTH))


def invitation_code_hash(code: str) -> str:
    """Case, spaces and dashes do not matter."""
    cleaned = re.sub(r"[\s\-]", "", code).upper()
    return hashlib.sha256(cleaned.encode()).hexdigest()


@dataclass
class InvitationLetter:
    guardian: Person
    children: list[Person]
    code: str
    invitation: Invitation


def can_invite_guardians(*, actor, school: School) -> bool:
    return bool(getattr(actor, "is_superuser", False)) or directs_school(actor,
                                                                          school_id=school.pk)


@transaction.atomic
def invitations_generate(*, actor: User, school: School,
                         classroom: Classroom | None = None) -> list[InvitationLetter]:
    """One new code per guardian of the school (or classroom) without a login; their
    previous pending code, if any, is revoked. The codes are returned in clear only here."""
    if not can_invite_guardians(actor=actor, school=school):
        raise PermissionDeniedError("Seule la direction de l'école génère les invitations.")
    if classroom is not None and classroom.school_id != school.pk:
        raise ApplicationError("Cette classe n'est pas de cette école.",
                               fields={"classroom": ["Classe d'une autre école."]})
    families = guardians_without_account(school=school, classroom=classroom)
    if not families:
        where = "de cette classe" if classroom is not None else "de l'école"
        message = (f"Aucun responsable {where} sans compte : il n'y a pas de lettre à "
                   "imprimer.")
        raise ApplicationError(message, code="no_guardian_to_invite",
                               fields={"classroom" if classroom is not None else "school":
                                       [message]})
    now = timezone.now()
    guardian_ids = [guardian.pk for guardian, _children in families]
    # Two directors printing at once: the second waits here, then revokes the first's codes
    # (one pending code per guardian is a constraint).
    list(Person.objects.select_for_update().filter(pk__in=guardian_ids).values_list("pk"))
    Invitation.objects.filter(guardian_id__in=guardian_ids, used_at__isnull=True,
                              revoked_at__isnull=True).update(revoked_at=now)
    expires_at = now + timedelta(days=settings.PREAU_INVITATION_DAYS)
    letters = []
    for guardian, children in families:
        code = invitation_code_new()
        letters.append(InvitationLetter(
            guardian=guardian, children=children, code=code,
            invitation=Invitation(guardian=guardian, school=school, created_by=actor,
                                  code_hash=invitation_code_hash(code), created_at=now,
                                  expires_at=expires_at)))
    Invitation.objects.bulk_create([letter.invitation for letter in letters])
    return letters


def _activation_keys(*, request) -> list[str]:
    return [f"activation-fail:ip:{client_ip(request)}"]


def invitation_activation_keys(*, request) -> list[str]:
    """The throttle counter of invitation codes: per client address."""
    return _activation_keys(request=request)


def invitation_pending_get(*, request, code: str) -> Invitation:
    """The invitation of a code, locked, if it may still be used; else a 400 naming
    ``code`` and one more failure for this address. Call it inside a transaction, after
    ``throttle_check(invitation_activation_keys(request=...))``."""
    invitation = (Invitation.objects.select_for_update().select_related("guardian")
                  .filter(code_hash=invitation_code_hash(code)).first())
    problem = None
    if invitation is None or invitation.revoked_at is not None:
        problem = "Code inconnu. Vérifiez-le sur votre lettre (16 caractères)."
    elif invitation.used_at is not None or User.objects.filter(
            person_id=invitation.guardian_id).exists():
        problem = "Ce code a déjà servi : connectez-vous avec votre identifiant."
    elif invitation.expires_at <= timezone.now():
        problem = ("Ce code a expiré. Demandez une nouvelle lettre à la direction de "
                   "l'école.")
    if problem:
        _record_failure(_activation_keys(request=request))  # not rolled back with the transaction
        raise ApplicationError(problem, code="invalid_code", fields={"code": [problem]})
    return invitation


def invitation_activate(*, request, code: str, username: str, password: str) -> User:
    """Create the guardian's login from an invitation code and open a session.

    Failed codes are counted per address like failed logins (429 beyond the limit), so that
    codes cannot be guessed in bulk."""
    keys = _activation_keys(request=request)
    _check_not_throttled(keys)
    with transaction.atomic():
        invitation = invitation_pending_get(request=request, code=code)
        guardian = invitation.guardian
        user = User(username=username, first_name=guardian.first_name,
                    last_name=guardian.usage_name or guardian.last_name, email=guardian.email,
                    person=guardian)
        errors: dict[str, list[str]] = {}
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = ["Cet identifiant est déjà pris : choisissez-en un autre."]
        try:
            validate_password(password, user=user)
        except DjangoValidationError as error:
            errors["password"] = list(error.messages)
        if errors:
            raise ApplicationError(next(iter(errors.values()))[0], code="invalid",
                                   fields=errors)
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same username, taken by a concurrent request
            message = "Cet identifiant est déjà pris : choisissez-en un autre."
            raise ApplicationError(message, fields={"username": [message]}) from None
        invitation.used_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["used_at", "user"])
        session_open(request=request, user=user, method=SignInMethod.PASSWORD)
    return user
