"""Logins, logouts and account deactivation."""

from __future__ import annotations

import hashlib
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
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import Throttled

from preau.accounts.gate import password_check_slot
from preau.accounts.models import Invitation, User, UserSession
from preau.accounts.selectors import guardians_without_account
from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.people.models import Person
from preau.schools.models import Classroom, School
from preau.timetable.permissions import is_director_of


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _failure_keys(*, username: str, ip: str) -> list[str]:
    return [f"login-fail:user:{username.strip().lower()}", f"login-fail:ip:{ip}"]


def _seconds_left(key: str) -> int:
    started = cache.get(f"{key}:start")
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if started is None:
        return window
    return max(1, int(started + window - time.time()))


def _check_not_throttled(keys: list[str]) -> None:
    counts = cache.get_many(keys)
    for key in keys:
        if counts.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT:
            raise Throttled(wait=_seconds_left(key))


def _record_failure(keys: list[str]) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in keys:
        if cache.add(key, 0, timeout=window):
            cache.set(f"{key}:start", time.time(), timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


def user_login(*, request, username: str, password: str) -> User:
    """Check the credentials and open a session.

    More than ``LOGIN_FAILURE_LIMIT`` failures in the window for one account or one
    address answer 429 before any password is checked (a check costs real CPU). Beyond the
    process's password-check slots, 503 with Retry-After at once (``gate.py``).
    """
    keys = _failure_keys(username=username, ip=client_ip(request))
    try:
        _check_not_throttled(keys)
    except Throttled:
        from preau.audit.models import AuditKind
        from preau.audit.services import audit_event_record

        audit_event_record(kind=AuditKind.LOGIN_THROTTLED, request=request,
                           username=username, path=request.path)
        raise
    with password_check_slot():
        user = authenticate(request, username=username, password=password)
    if user is None:
        _record_failure(keys)
        raise ApplicationError(
            "Identifiant ou mot de passe incorrect.", code="invalid_credentials"
        )
    cache.delete_many([keys[0], f"{keys[0]}:start"])
    with transaction.atomic():
        _open_session(request=request, user=user)
    return user


def _open_session(*, request, user: User) -> None:
    django_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    UserSession.objects.create(
        user=user,
        session_key=request.session.session_key,
        ip_address=client_ip(request) if client_ip(request) != "unknown" else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def user_logout(*, request) -> None:
    session_key = request.session.session_key
    with transaction.atomic():
        if session_key:
            UserSession.objects.filter(session_key=session_key).delete()
        django_logout(request)


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Disable a login and end every session it holds."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    keys = list(user.user_sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    user.user_sessions.all().delete()
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
    return bool(getattr(actor, "is_superuser", False)) or is_director_of(actor=actor,
                                                                          school=school)


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


def invitation_activate(*, request, code: str, username: str, password: str) -> User:
    """Create the guardian's login from an invitation code and open a session.

    Failed codes are counted per address like failed logins (429 beyond the limit), so that
    codes cannot be guessed in bulk."""
    keys = _activation_keys(request=request)
    _check_not_throttled(keys)
    with transaction.atomic():
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
            _record_failure(keys)  # the cache is not rolled back with the transaction
            raise ApplicationError(problem, code="invalid_code", fields={"code": [problem]})

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
        _open_session(request=request, user=user)
    return user
