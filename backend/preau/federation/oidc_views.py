"""The browser's two stops of an OpenID Connect sign-in (docs/federation.md).

``/api/v1/federation/oidc/<provider>/start/`` sends the browser to the provider;
``/api/v1/federation/oidc/<provider>/callback/`` receives its answer, checks it
(``preau.federation.oidc``) and hands the identity to ``federated_sign_in``: the browser
goes to the web app's home once signed in, or to « Lier mon compte » (``/connexion/lier``)
for a first sign-in that Préau could not link by itself. Browser redirects, not JSON: a
refusal is a short French page (``federation/refused.html``), logged."""

from __future__ import annotations

import logging

from django.http import HttpResponseRedirect
from django.views import View

from preau.common.errors import ApplicationError
from preau.federation.models import Protocol
from preau.federation.oidc import (
    OidcRefused,
    Refusal,
    oidc_authorization_url,
    oidc_identity_from_callback,
    oidc_provider_get,
)
from preau.federation.refusal import refused_page
from preau.federation.services import federated_sign_in

logger = logging.getLogger("preau.federation")

HOME_PATH = "/"
LINK_PATH = "/connexion/lier"
PAGES = {
    Refusal.UNKNOWN_PROVIDER: (404, "Ce fournisseur d'identité n'est pas proposé par Préau."),
    Refusal.STATE: (400, "Cette tentative de connexion n'est pas (ou plus) valable dans ce "
                         "navigateur. Recommencez depuis la page de connexion de Préau."),
    Refusal.PROVIDER_ERROR: (403, "Le fournisseur d'identité n'a pas autorisé la connexion."),
    Refusal.UNVERIFIED: (403, "La réponse du fournisseur d'identité n'a pas pu être vérifiée : "
                         "la connexion est refusée. Recommencez depuis la page de connexion "
                         "de Préau."),
    Refusal.UNREACHABLE: (502, "Le fournisseur d'identité ne répond pas. Réessayez dans "
                               "quelques minutes."),
}


def _refused(request, key: str, error: OidcRefused):
    logger.warning("OpenID Connect sign-in refused (provider %s, %s): %s", key,
                   error.refusal, error.detail)
    status, message = PAGES[error.refusal]
    return refused_page(request, status=status, message=message)


class OidcStartView(View):
    """Send the browser to the provider, with a new attempt (state, nonce, PKCE)."""

    http_method_names = ["get"]

    def get(self, request, provider: str):
        config = oidc_provider_get(provider)
        if config is None:
            return _refused(request, provider, OidcRefused(Refusal.UNKNOWN_PROVIDER, "start"))
        try:
            url = oidc_authorization_url(request=request, provider=config)
        except OidcRefused as error:
            return _refused(request, provider, error)
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "no-store"
        return response


class OidcCallbackView(View):
    """The provider's answer: checked, then the session opens or the link is asked for."""

    http_method_names = ["get"]

    def get(self, request, provider: str):
        config = oidc_provider_get(provider)
        if config is None:
            return _refused(request, provider,
                            OidcRefused(Refusal.UNKNOWN_PROVIDER, "callback"))
        try:
            identity = oidc_identity_from_callback(request=request, provider=config)
        except OidcRefused as error:
            return _refused(request, provider, error)
        try:
            result = federated_sign_in(request=request, protocol=Protocol.OIDC,
                                       provider=provider, subject=identity.subject,
                                       attributes=identity.attributes)
        except ApplicationError as error:
            logger.warning("OpenID Connect sign-in refused (provider %s): %s", provider,
                           error.code)
            return refused_page(request, status=error.status_code, message=error.message)
        response = HttpResponseRedirect(LINK_PATH if result.pending else HOME_PATH)
        response["Cache-Control"] = "no-store"
        return response
