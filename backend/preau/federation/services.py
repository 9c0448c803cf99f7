"""Signing in through an identity provider: the linking of a provider's subject to a login.

Every protocol (SAML in ``saml.py``, OpenID Connect in ``oidc*.py``) ends in
``federated_sign_in`` once it has checked the provider's answer; the rules that decide
which login a subject is, and when Préau asks the person to prove it, live here only
(docs/federation.md, docs/security.md "Signing in through an identity provider (SAML)").
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from preau.accounts.models import SignInMethod, User, UserSession
from preau.accounts.services import (
    invitation_activation_keys,
    invitation_pending_get,
    login_failure_keys,
    password_check,
    session_open,
    throttle_account_clear,
    throttle_check,
    throttle_failure_record,
    totp_code_accepted,
    totp_confirmed,
    user_session_end,
)
from preau.accounts.session_policy import has_confirmed_device
from preau.audit.models import AuditKind
from preau.audit.services import audit_event_record, school_ids_of
from preau.common.errors import ApplicationError, NotFoundError, PermissionDeniedError
from preau.federation.access import identities_visible_to
from preau.federation.models import FederatedIdentity, LinkedHow, Protocol
from preau.federation.providers import FAMILIES, STAFF, Provider, provider_find
from preau.people.models import AuthorityMembership, Guardianship, Person, StaffAssignment

logger = logging.getLogger("preau.federation")

# The identity a provider vouched for, waiting in the session for the person to prove which
# login it is (invitation code or password): ``federated_link_with_code`` /
# ``federated_link_with_password``.
PENDING_KEY = "preau_federation_pending"
PENDING_SECONDS = 10 * 60
METHODS = {Protocol.SAML: SignInMethod.SAML, Protocol.OIDC: SignInMethod.OIDC}
INE_PATTERN = re.compile(r"^[0-9A-Z]{11}$")


@dataclass
class FederatedSignIn:
    user: User | None
    pending: bool


@dataclass
class PendingLink:
    protocol: str
    provider: Provider
    subject: str
    display_name: str
    expires_at: float


# --- Reading the released attributes -----------------------------------------------------


def _first(attributes: dict[str, list[str]], name: str) -> str:
    values = attributes.get(name) or []
    return str(values[0]).strip() if values else ""


def name_key(name: str) -> str:
    """A name as compared: no accents, no case, hyphens and apostrophes as spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[-'’\s]+", " ", letters).split())


def _display_name(attributes: dict[str, list[str]]) -> str:
    return " ".join(part for part in (_first(attributes, "first_name"),
                                      _first(attributes, "last_name")) if part)[:200]


# --- Automatic links ----------------------------------------------------------------------


def _holds_school_or_authority_role(person_id: int | None) -> bool:
    if person_id is None:
        return False
    return (StaffAssignment.objects.filter(person_id=person_id).exists()
            or AuthorityMembership.objects.filter(person_id=person_id).exists())


def _may_use_provider(*, user: User, provider: Provider) -> bool:
    """A families' provider never opens a staff, authority or operator login: those sign in
    with the académie's provider or their password (and second factor)."""
    if not user.is_active or user.is_superuser or user.is_staff:
        return False
    if provider.audience == FAMILIES:
        return not _holds_school_or_authority_role(user.person_id)
    return True


def _person_may_link(*, person: Person, provider: Provider) -> bool:
    """An automatic link: never to a login the provider may not open, nor to one already
    linked to another subject of this provider."""
    user = User.objects.filter(person=person).first()
    if user is None:
        return provider.audience != FAMILIES or not _holds_school_or_authority_role(person.pk)
    return (_may_use_provider(user=user, provider=provider)
            and not FederatedIdentity.objects.filter(user=user, provider=provider.key).exists())


def _guardian_by_ine(attributes: dict[str, list[str]]) -> Person | None:
    """The one guardian that the released children's INE and names designate, or None.

    Every child found by INE must have this guardian (a legal one) in Préau, and the
    guardian's first name and last (or usage) name must equal the released ones. Two
    candidates, or none, and nothing is decided automatically."""
    ines = {value.strip().upper() for value in attributes.get("children_ine") or []}
    ines = {ine for ine in ines if INE_PATTERN.match(ine)}
    last = name_key(_first(attributes, "last_name"))
    first = name_key(_first(attributes, "first_name"))
    if not ines or not last or not first:
        return None
    pupils = list(Person.objects.filter(ine__in=ines).values_list("pk", flat=True))
    if not pupils:
        return None
    ties = Guardianship.objects.filter(pupil_id__in=pupils, is_legal=True)
    candidates = {}
    for guardian in Person.objects.filter(pk__in=ties.values("guardian_id")):
        names = {name_key(guardian.last_name), name_key(guardian.usage_name)} - {""}
        if last in names and name_key(guardian.first_name) == first:
            candidates[guardian.pk] = guardian
    if len(candidates) != 1:
        return None
    guardian = next(iter(candidates.values()))
    guarded = set(ties.filter(guardian_id=guardian.pk).values_list("pupil_id", flat=True))
    return guardian if guarded == set(pupils) else None


def _staff_by_email(*, provider: Provider, attributes: dict[str, list[str]]) -> Person | None:
    """The one person working in a school this year whose address, as the school recorded
    it, is the academic address the provider released; only for the domains the settings
    say this provider vouches for."""
    email = _first(attributes, "email").lower()
    domain = email.rpartition("@")[2]
    if not email or "@" not in email or domain not in provider.email_domains:
        return None
    today = timezone.localdate()
    working = StaffAssignment.objects.filter(
        school_year__start_date__lte=today, school_year__end_date__gte=today,
        person_id=OuterRef("pk"))
    people = list(Person.objects.filter(Exists(working), email__iexact=email)[:2])
    return people[0] if len(people) == 1 else None


def _username_for(person: Person) -> str:
    base = slugify(f"{person.first_name}.{person.usage_name or person.last_name}")[:120] or "compte"
    taken = set(User.objects.filter(username__istartswith=base)
                .values_list("username", flat=True))
    taken = {name.lower() for name in taken}
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def _login_of(person: Person) -> User:
    """The person's login, created without a usable password if they have none."""
    user = User.objects.select_for_update().filter(person=person).first()
    if user is not None:
        return user
    for _attempt in range(3):
        user = User(username=_username_for(person), first_name=person.first_name,
                    last_name=person.usage_name or person.last_name, email=person.email,
                    person=person)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
            return user
        except IntegrityError:  # a concurrent sign-in took the username, or the person
            existing = User.objects.filter(person=person).first()
            if existing is not None:
                return existing
    raise ApplicationError("Le compte n'a pas pu être créé : réessayez.", code="conflict",
                           status_code=409)


def _automatic_person(*, provider: Provider, attributes: dict[str, list[str]]) -> Person | None:
    if provider.audience == FAMILIES:
        return _guardian_by_ine(attributes)
    if provider.audience == STAFF:
        return _staff_by_email(provider=provider, attributes=attributes)
    return None


def _link(*, request, user: User, provider: Provider, subject: str, how: LinkedHow,
          ) -> FederatedIdentity:
    if FederatedIdentity.objects.filter(user=user, provider=provider.key).exists():
        message = (f"Ce compte Préau est déjà lié à un autre compte {provider.label}. "
                   "Demandez à la direction de l'école de retirer l'ancienne liaison.")
        raise ApplicationError(message, code="already_linked",
                               fields={"non_field_errors": [message]})
    try:
        with transaction.atomic():
            identity = FederatedIdentity.objects.create(
                user=user, protocol=provider.protocol, provider=provider.key,
                subject=subject, linked_how=how)
    except IntegrityError:  # the same subject, linked by a concurrent request
        message = "Cette identité vient d'être liée à un compte : reconnectez-vous."
        raise ApplicationError(message, code="already_linked",
                               fields={"non_field_errors": [message]}) from None
    audit_event_record(kind=AuditKind.FEDERATION_LINKED, request=request, actor=user,
                       object_ref=f"federated_identity:{identity.pk} {provider.key} {how}",
                       path=request.path)
    return identity


# --- Sign-in ------------------------------------------------------------------------------


def _provider(protocol: str, key: str) -> Provider:
    provider = provider_find(protocol=protocol, key=key)
    if provider is None:
        raise NotFoundError("Fournisseur d'identité inconnu.")
    return provider


def federated_sign_in(*, request, protocol: str, provider: str, subject: str,
                      attributes: dict[str, list[str]]) -> FederatedSignIn:
    """The provider vouched for ``subject`` (its answer was checked by the caller).

    ``attributes`` are named as Préau names them (``first_name``, ``last_name``,
    ``email``, ``children_ine``), each a list of values. A subject already linked opens
    its login's session. Otherwise the attributes may designate exactly one person
    (``_automatic_person``): the subject is linked to their login (created for a person who
    has none) and the session opens. Else the identity waits in the session for
    ``PENDING_SECONDS`` and the person proves which login it is (``pending``)."""
    config = _provider(protocol, provider)
    subject = subject.strip()
    if not subject:
        raise ApplicationError("Le fournisseur d'identité n'a pas donné d'identifiant.",
                               code="no_subject")
    with transaction.atomic():
        identity = (FederatedIdentity.objects.select_related("user")
                    .filter(provider=provider, subject=subject).first())
        if identity is not None:
            if identity.protocol != protocol or not _may_use_provider(user=identity.user,
                                                                      provider=config):
                raise PermissionDeniedError(
                    f"Ce compte ne peut pas se connecter avec {config.label}.")
            session_open(request=request, user=identity.user, method=METHODS[protocol],
                         provider=provider)
            return FederatedSignIn(user=identity.user, pending=False)
        person = _automatic_person(provider=config, attributes=attributes)
        if person is not None and _person_may_link(person=person, provider=config):
            user = _login_of(person)
            how = LinkedHow.INE if config.audience == FAMILIES else LinkedHow.EMAIL
            _link(request=request, user=user, provider=config, subject=subject, how=how)
            session_open(request=request, user=user, method=METHODS[protocol],
                         provider=provider)
            return FederatedSignIn(user=user, pending=False)
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "protocol": protocol, "provider": provider, "subject": subject,
        "display_name": _display_name(attributes),
        "expires_at": time.time() + PENDING_SECONDS,
    }
    return FederatedSignIn(user=None, pending=True)


def federated_link_pending(*, request) -> PendingLink | None:
    """The identity waiting to be linked in this session, if it has not expired."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    provider = provider_find(protocol=data.get("protocol", ""), key=data.get("provider", ""))
    if provider is None or float(data.get("expires_at", 0)) <= time.time():
        request.session.pop(PENDING_KEY, None)
        return None
    return PendingLink(protocol=data["protocol"], provider=provider,
                       subject=data["subject"], display_name=data.get("display_name", ""),
                       expires_at=float(data["expires_at"]))


def _pending_or_refuse(request) -> PendingLink:
    pending = federated_link_pending(request=request)
    if pending is None:
        message = ("Aucune connexion en attente : recommencez depuis la page de connexion "
                   "(la demande expire après 10 minutes).")
        raise ApplicationError(message, code="link_not_pending",
                               fields={"non_field_errors": [message]})
    return pending


def _finish(*, request, pending: PendingLink, user: User, how: LinkedHow) -> User:
    _link(request=request, user=user, provider=pending.provider, subject=pending.subject,
          how=how)
    request.session.pop(PENDING_KEY, None)
    session_open(request=request, user=user, method=METHODS[pending.protocol],
                 provider=pending.provider.key)
    return user


def federated_link_with_code(*, request, code: str) -> User:
    """Link the pending identity to the guardian of an invitation letter's code, creating
    the guardian's login (no password: they sign in through the provider), and sign in.

    The code is checked and throttled as ``invitation_activate`` checks it, and it is used
    up."""
    pending = _pending_or_refuse(request)
    keys = invitation_activation_keys(request=request)
    throttle_check(keys)
    if pending.provider.audience != FAMILIES:
        message = ("Les codes d'invitation sont destinés aux familles : saisissez votre "
                   "identifiant et votre mot de passe Préau.")
        raise ApplicationError(message, code="invalid_code", fields={"code": [message]})
    with transaction.atomic():
        invitation = invitation_pending_get(request=request, code=code)
        user = _login_of(invitation.guardian)
        invitation.used_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["used_at", "user"])
        return _finish(request=request, pending=pending, user=user,
                       how=LinkedHow.INVITATION_CODE)


def federated_link_with_password(*, request, username: str, password: str,
                                 otp_code: str = "") -> User:
    """Link the pending identity to a login proven by its password (and the code of its
    second factor when it has one), and sign in. Failures count like failed logins."""
    pending = _pending_or_refuse(request)
    user = password_check(request=request, username=username, password=password,
                          field="password")
    keys = login_failure_keys(request=request, username=username)
    if totp_confirmed(user=user):
        if not totp_code_accepted(user=user, code=otp_code):
            throttle_failure_record(keys)
            message = ("Ce compte a une double authentification : saisissez le code de votre "
                       "application.")
            raise ApplicationError(message, code="invalid_code",
                                   fields={"otp_code": [message]})
    elif has_confirmed_device(user):  # a passkey only: it cannot be checked here
        message = ("Ce compte se protège par une clé d'accès : la liaison par mot de passe "
                   "n'est pas possible. Connectez-vous avec votre mot de passe et votre clé.")
        raise ApplicationError(message, code="second_factor_required",
                               fields={"password": [message]})
    if not _may_use_provider(user=user, provider=pending.provider):
        message = (f"Ce compte ne peut pas se connecter avec {pending.provider.label} : "
                   "connectez-vous avec votre mot de passe.")
        raise ApplicationError(message, code="provider_not_allowed",
                               fields={"username": [message]})
    throttle_account_clear(keys)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        return _finish(request=request, pending=pending, user=user, how=LinkedHow.PASSWORD)


# --- The director's side -------------------------------------------------------------------


@transaction.atomic
def federated_identity_unlink(*, actor, identity: FederatedIdentity, request=None) -> None:
    """Remove a link (a parent who lost their EduConnect account, a wrong link): the login
    stays, its sessions opened through this provider end, and the journal records it."""
    if not identities_visible_to(actor).filter(pk=identity.pk).exists():
        raise PermissionDeniedError("Seule la direction de l'école retire une liaison.")
    user = identity.user
    ref = f"federated_identity:{identity.pk} {identity.provider} user:{user.pk}"
    for user_session in UserSession.objects.filter(
            user=user, method=METHODS[identity.protocol], provider=identity.provider):
        user_session_end(user_session=user_session)
    identity.delete()
    audit_event_record(kind=AuditKind.FEDERATION_UNLINKED, request=request, actor=actor,
                       object_ref=ref, school_ids=school_ids_of(user))
