"""The SAML service provider's browser endpoints, under /api/v1/federation/saml/: djangosaml2's
views with Préau's rules (docs/federation.md, docs/security.md "Signing in through an
identity provider (SAML)").

The sign-in's answer is checked by pysaml2 (signature of the assertion with the provider's
key from its metadata, audience, recipient, validity window, answer to a request of this
browser), then here (known provider, audience restriction present, assertion not seen
before); the session is opened by ``preau.federation.services.federated_sign_in``, never by
djangosaml2. A refusal is a short French page (``federation/refused.html``), logged.

The provider's answer comes back as a cross-site POST: the browser does not send Préau's
session cookie (SameSite=Lax) with it. The request's id waits in a session of its own
(djangosaml2's ``SamlSessionMiddleware``, cookie ``SAML_SESSION_COOKIE_NAME``, SameSite=None
and Secure), which these views alone use.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template import TemplateDoesNotExist
from django.utils.decorators import decorator_from_middleware, method_decorator
from djangosaml2.middleware import SamlSessionMiddleware
from djangosaml2.views import (
    AssertionConsumerServiceView,
    LoginView,
    LogoutInitView,
    LogoutView,
    MetadataView,
)
from saml2.ident import code as name_id_code
from saml2.response import (
    IncorrectlySigned,
    SignatureError,
    StatusError,
    UnsolicitedResponse,
    VerificationError,
)
from saml2.sigver import MissingKey
from saml2.validate import ResponseLifetimeExceed, ToEarly

from preau.accounts.models import UserSession
from preau.accounts.services import user_logout, user_session_end
from preau.common.errors import ApplicationError
from preau.federation.models import Protocol
from preau.federation.refusal import LOGIN_PATH, refused_page
from preau.federation.saml import provider_key_of, released_attributes, sp_entity_id
from preau.federation.services import federated_sign_in

logger = logging.getLogger("preau.federation")

LINK_PATH = "/connexion/lier"
# djangosaml2 keeps the signed-in subject under this key of the SAML session, for the
# single logout (``LogoutInitView``); it is written here since its own login is not used.
SUBJECT_KEY = "_saml2_subject_id"
# Assertion ids already consumed, until their validity ends (plus the tolerated skew).
SEEN_PREFIX = "saml-assertion-seen:"

saml_session = decorator_from_middleware(SamlSessionMiddleware)

REFUSALS = {
    "signature": (403, "La réponse du fournisseur d'identité n'est pas signée, ou pas par "
                       "lui : elle est refusée."),
    "expired": (403, "La réponse du fournisseur d'identité a expiré (ou l'horloge d'un des "
                     "serveurs est déréglée). Reconnectez-vous."),
    "replay": (403, "Cette réponse a déjà servi, ou n'a pas été demandée depuis ce "
                    "navigateur : elle est refusée. Reconnectez-vous depuis la page de "
                    "connexion."),
    "audience": (403, "Cette réponse du fournisseur d'identité n'est pas destinée à Préau : "
                      "elle est refusée."),
    "unknown_idp": (400, "Ce fournisseur d'identité n'est pas proposé par Préau."),
    "denied": (403, "Le fournisseur d'identité n'a pas confirmé votre identité."),
    "missing": (400, "La réponse du fournisseur d'identité est absente."),
    "invalid": (400, "La réponse du fournisseur d'identité est illisible ou incomplète : "
                     "elle est refusée."),
}


def refusal_for(request, reason: str, *, message: str | None = None, detail: str = ""):
    status, text = REFUSALS[reason]
    logger.warning("SAML sign-in refused (%s): %s", reason, detail or text)
    return refused_page(request, status=status, message=message or text)


def _reason_of(exception) -> str:
    """Which refusal a pysaml2 error is."""
    text = str(exception)
    if isinstance(exception, SignatureError | IncorrectlySigned | MissingKey):
        return "signature"
    if isinstance(exception, ResponseLifetimeExceed | ToEarly):
        return "expired"
    if isinstance(exception, UnsolicitedResponse):
        return "replay"
    if "AudienceRestriction" in text or "recipient" in text.lower():
        return "audience"
    if isinstance(exception, StatusError):
        return "denied"
    if isinstance(exception, VerificationError):
        return "invalid"
    return "invalid"


@method_decorator(saml_session, name="dispatch")
class SamlLoginView(LoginView):
    """Start a sign-in at one of the configured providers (``?idp=`` its entity id)."""

    def get(self, request, *args, **kwargs):
        idp = request.GET.get("idp", "")
        if provider_key_of(idp) is None:
            return refusal_for(request, "unknown_idp", detail=f"idp={idp[:200]!r}")
        return super().get(request, *args, **kwargs)

    def should_prevent_auth(self, request) -> bool:
        return False  # a signed-in browser may sign in again (session_open ends the old one)


@method_decorator(saml_session, name="dispatch")
class SamlAcsView(AssertionConsumerServiceView):
    """The provider's answer: checked, then the session opens (``federated_sign_in``) or
    the identity waits for its link (the web app's ``/connexion/lier``)."""

    refusal: str = ""
    provider: str = ""
    pending: bool = False

    def post(self, request, *args, **kwargs):
        if "SAMLResponse" not in request.POST:
            return refusal_for(request, "missing")
        return super().post(request, *args, **kwargs)

    def custom_validation(self, response):
        assertion = response.assertion
        issuer = response.issuer() or ""
        self.provider = provider_key_of(issuer) or ""
        if not self.provider or (assertion.issuer is not None
                                 and assertion.issuer.text.strip() != issuer):
            self.refusal = "unknown_idp"
            raise ValueError(f"unknown issuer {issuer!r}")
        conditions = assertion.conditions
        audiences = {audience.text.strip()
                     for restriction in (conditions.audience_restriction if conditions else [])
                     for audience in restriction.audience}
        if sp_entity_id() not in audiences:  # pysaml2 accepts an assertion naming no one
            self.refusal = "audience"
            raise ValueError(f"audiences {sorted(audiences)!r}")
        # Once only, whatever the browser: the id is remembered until the assertion expires.
        not_on_or_after = getattr(response, "not_on_or_after", 0) or 0
        lifetime = max(60, int(not_on_or_after - time.time()) + 120)
        if not cache.add(f"{SEEN_PREFIX}{issuer}:{assertion.id}", 1, timeout=lifetime):
            self.refusal = "replay"
            raise ValueError(f"assertion {assertion.id} already consumed")
        self.assertion = assertion

    def authenticate_user(self, request, session_info, attribute_mapping,
                          create_unknown_user, assertion_info):
        name_id = session_info.get("name_id")
        subject, attributes = released_attributes(
            provider=self.provider, assertion=self.assertion,
            name_id=name_id.text if name_id is not None else "")
        try:
            with transaction.atomic():
                result = federated_sign_in(request=request, protocol=Protocol.SAML,
                                           provider=self.provider, subject=subject,
                                           attributes=attributes)
        except ApplicationError as error:
            raise PermissionDenied(error.message) from None
        if name_id is not None:
            request.saml_session[SUBJECT_KEY] = name_id_code(name_id)
        self.pending = result.pending
        return result.user

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        if isinstance(exception, PermissionDenied) and str(exception):
            return refusal_for(request, "denied", message=str(exception),
                                detail=str(exception))
        reason = self.refusal or _reason_of(exception)
        return refusal_for(request, reason, detail=f"{type(exception).__name__}: {exception}")

    def custom_redirect(self, user, relay_state, session_info):
        return LINK_PATH if self.pending else "/"


def _forget_ended_session(request, key: str | None) -> None:
    """djangosaml2 ended the Django session (``auth.logout``): its row in the login's
    sessions list goes too, and its open sockets close."""
    if not key or getattr(request.user, "is_authenticated", False):
        return
    row = UserSession.objects.filter(session_key=key).first()
    if row is not None:
        with transaction.atomic():
            user_session_end(user_session=row)


@method_decorator(saml_session, name="dispatch")
class SamlLogoutInitView(LogoutInitView):
    """Sign out here and at the provider (single logout), when it offers it."""

    login_url = LOGIN_PATH

    def get(self, request, *args, **kwargs):
        key = request.session.session_key
        if request.saml_session.get(SUBJECT_KEY) is None:  # not signed in through SAML
            user_logout(request=request)
            return HttpResponseRedirect(LOGIN_PATH)
        response = super().get(request, *args, **kwargs)
        _forget_ended_session(request, key)
        return response

    def handle_unsupported_slo_exception(self, request, exception, *args, **kwargs):
        return HttpResponseRedirect(LOGIN_PATH)


@method_decorator(saml_session, name="dispatch")
class SamlLogoutView(LogoutView):
    """The provider's logout request (another service signed out) or its answer to ours."""

    def do_logout_service(self, request, data, binding, *args, **kwargs):
        if "SAMLResponse" not in data and "SAMLRequest" not in data:
            return refusal_for(request, "missing")
        key = request.session.session_key
        try:
            response = super().do_logout_service(request, data, binding, *args, **kwargs)
        except TemplateDoesNotExist:  # djangosaml2's error pages: ours instead
            response = refusal_for(request, "invalid", detail="single logout failed")
        _forget_ended_session(request, key)
        if response.status_code == 200 and not request.user.is_authenticated:
            return HttpResponseRedirect(LOGIN_PATH)  # signed out: back to the login page
        return response


@method_decorator(saml_session, name="dispatch")
class SamlMetadataView(MetadataView):
    """The service provider's metadata, for the providers' operators."""
