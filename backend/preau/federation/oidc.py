"""Signing in with OpenID Connect: Préau as the relying party (docs/federation.md,
"OpenID Connect"; threat model in docs/security.md, "Signing in with OpenID Connect").

The authorization code flow with PKCE (S256), a ``state`` and a ``nonce`` of its own for
each attempt, kept in the browser's session and used once. The code is exchanged, and the
ID token checked (RS256 signature with the provider's JWKS, nonce, expiry), by
mozilla-django-oidc's ``OIDCAuthenticationBackend`` configured for the provider at hand
(``ProviderClient``); the issuer, the audience and the authorized party are checked here
against that provider's settings. The library never opens a session nor creates a login:
the checked identity goes to ``preau.federation.services.federated_sign_in``.

The operator lists the providers in ``PREAU_OIDC_PROVIDERS`` (empty: none offered)::

    PREAU_OIDC_PROVIDERS = {
        "academie": {
            "label": "Compte académique",
            "audience": "staff",                      # or "families"
            "issuer": "https://idp.example.org",      # checked in every ID token
            # "discovery": the configuration's URL, by default
            #   <issuer>/.well-known/openid-configuration; or the endpoints themselves:
            #   "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"
            # "client_authentication" at the token endpoint: "basic" (default,
            #   client_secret_basic) or "post" (client_secret_post)
            "client_id": "preau",
            "client_secret": "…",
            "scopes": ["openid", "profile", "email"],
            "claims": {"subject": "sub", "first_name": "given_name",
                       "last_name": "family_name", "email": "email",
                       "children_ine": "eleves_ine"},
        },
    }
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import generate_code_challenge

logger = logging.getLogger("preau.federation")

# The attempts of this browser: state → provider, nonce, PKCE verifier and start time.
ATTEMPTS_KEY = "preau_oidc_attempts"
ATTEMPT_SECONDS = 10 * 60
MAX_ATTEMPTS = 5
DISCOVERY_SECONDS = 60 * 60
HTTP_TIMEOUT_SECONDS = 10
# Préau's names of the released attributes → the provider's claims, unless the settings
# name others.
DEFAULT_CLAIMS = {"subject": "sub", "first_name": "given_name", "last_name": "family_name",
                  "email": "email"}
DEFAULT_SCOPES = ("openid", "profile", "email")
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")


class Refusal(StrEnum):
    """Why a sign-in was refused (the page the browser gets says it in French)."""

    UNKNOWN_PROVIDER = "unknown_provider"
    STATE = "state"  # no attempt of this browser with this state, or an expired one
    PROVIDER_ERROR = "provider_error"  # the provider answered with an error
    UNVERIFIED = "unverified"  # the code or the ID token did not check out (nonce included)
    UNREACHABLE = "unreachable"


class OidcRefused(Exception):
    def __init__(self, refusal: Refusal, detail: str) -> None:
        super().__init__(f"{refusal}: {detail}")
        self.refusal = refusal
        self.detail = detail


@dataclass(frozen=True)
class OidcProvider:
    key: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    claims: dict[str, str]
    discovery: str
    endpoints: dict[str, str] = field(default_factory=dict)
    # How the client authenticates at the token endpoint (OpenID Connect Core §9):
    # "basic" (client_secret_basic) or "post" (client_secret_post).
    client_authentication: str = "basic"


@dataclass(frozen=True)
class OidcIdentity:
    """What the provider vouched for, in Préau's names (``federated_sign_in``'s input)."""

    subject: str
    attributes: dict[str, list[str]]


def oidc_provider_get(key: str) -> OidcProvider | None:
    """The provider ``key`` of ``PREAU_OIDC_PROVIDERS``, or None if it is not offered."""
    config = (getattr(settings, "PREAU_OIDC_PROVIDERS", None) or {}).get(key)
    if config is None:
        return None
    missing = [name for name in ("issuer", "client_id", "client_secret") if not config.get(name)]
    if missing:
        raise ImproperlyConfigured(f"PREAU_OIDC_PROVIDERS[{key!r}] lacks {', '.join(missing)}")
    issuer = config["issuer"].rstrip("/")
    return OidcProvider(
        key=key, label=config.get("label", key), issuer=issuer,
        client_id=config["client_id"], client_secret=config["client_secret"],
        scopes=tuple(config.get("scopes") or DEFAULT_SCOPES),
        claims={**DEFAULT_CLAIMS, **(config.get("claims") or {})},
        discovery=config.get("discovery") or f"{issuer}/.well-known/openid-configuration",
        endpoints={name: config[name] for name in ENDPOINTS if config.get(name)},
        client_authentication=config.get("client_authentication", "basic"),
    )


def provider_endpoints(provider: OidcProvider) -> dict[str, str]:
    """The provider's endpoints: from its settings, else from its discovery document (kept
    an hour), whose issuer must be the configured one (OpenID Connect Discovery §4.3)."""
    if all(provider.endpoints.get(name) for name in ENDPOINTS[:3]):
        return provider.endpoints
    cache_key = "preau:oidc:discovery:" + hashlib.sha256(provider.discovery.encode()).hexdigest()
    document = cache.get(cache_key)
    if document is None:
        try:
            response = requests.get(provider.discovery, timeout=HTTP_TIMEOUT_SECONDS)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise OidcRefused(Refusal.UNREACHABLE, f"discovery: {error}") from error
        if str(document.get("issuer", "")).rstrip("/") != provider.issuer:
            raise OidcRefused(Refusal.UNVERIFIED, "the discovery document names another issuer")
        cache.set(cache_key, document, DISCOVERY_SECONDS)
    endpoints = {name: document.get(name, "") for name in ENDPOINTS}
    return {**endpoints, **provider.endpoints}


class ProviderClient(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code exchange and ID-token check, for one provider.

    The library reads its configuration through ``get_settings``: here, from the
    provider's entry instead of the global ``OIDC_*`` settings. Only ``get_token``,
    ``verify_token`` and ``get_userinfo`` are used; this class is in no
    ``AUTHENTICATION_BACKENDS``, so it never logs anyone in and never creates a login."""

    def __init__(self, *, provider: OidcProvider, endpoints: dict[str, str]) -> None:
        self.provider_settings = {
            "OIDC_OP_TOKEN_ENDPOINT": endpoints["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": endpoints.get("userinfo_endpoint") or "",
            "OIDC_OP_JWKS_ENDPOINT": endpoints["jwks_uri"],
            "OIDC_RP_CLIENT_ID": provider.client_id,
            "OIDC_RP_CLIENT_SECRET": provider.client_secret,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_USE_NONCE": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_TOKEN_USE_BASIC_AUTH": provider.client_authentication == "basic",
            "OIDC_VERIFY_SSL": True,
            "OIDC_TIMEOUT": HTTP_TIMEOUT_SECONDS,
            "OIDC_PROXY": None,
        }
        super().__init__()

    def get_settings(self, attr, *args):
        if attr in self.provider_settings:
            return self.provider_settings[attr]
        if args:
            return args[0]
        raise ImproperlyConfigured(f"OpenID Connect setting {attr} not found")


def callback_url(*, request, provider: OidcProvider) -> str:
    """The redirect URI registered at the provider for this provider's key."""
    return request.build_absolute_uri(
        reverse("oidc:callback", kwargs={"provider": provider.key}))


def oidc_authorization_url(*, request, provider: OidcProvider) -> str:
    """Start an attempt: a new state, nonce and PKCE verifier kept in this browser's
    session; the provider's authorization URL to send the browser to."""
    endpoints = provider_endpoints(provider)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43 to 128
    now = time.time()
    attempts = {key: attempt for key, attempt in
                (request.session.get(ATTEMPTS_KEY) or {}).items()
                if attempt.get("started_at", 0) > now - ATTEMPT_SECONDS}
    for oldest in sorted(attempts, key=lambda key: attempts[key]["started_at"])[
            :max(0, len(attempts) - MAX_ATTEMPTS + 1)]:
        del attempts[oldest]
    attempts[state] = {"provider": provider.key, "nonce": nonce, "verifier": verifier,
                       "started_at": now}
    request.session[ATTEMPTS_KEY] = attempts
    query = urlencode({
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": callback_url(request=request, provider=provider),
        "scope": " ".join(provider.scopes),
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    })
    return f"{endpoints['authorization_endpoint']}?{query}"


def _attempt_take(*, request, provider: OidcProvider, state: str) -> dict:
    """The attempt this state was made for, removed from the session (a state is used
    once): it must be this browser's, recent, and for this provider (mix-up)."""
    attempts = dict(request.session.get(ATTEMPTS_KEY) or {})
    if not state or state not in attempts:
        raise OidcRefused(Refusal.STATE, "no attempt of this browser has this state")
    attempt = attempts.pop(state)
    request.session[ATTEMPTS_KEY] = attempts
    if attempt.get("provider") != provider.key:
        raise OidcRefused(Refusal.STATE, f"the state was made for {attempt.get('provider')!r}")
    if attempt.get("started_at", 0) <= time.time() - ATTEMPT_SECONDS:
        raise OidcRefused(Refusal.STATE, "the attempt expired")
    return attempt


def _check_id_token_claims(claims: dict, *, provider: OidcProvider) -> None:
    """What the library leaves to us (OpenID Connect Core §3.1.3.7): the issuer is the one
    configured for this provider, the audience includes our client id, and with several
    audiences the authorized party is us; the token has an expiry and a subject."""
    if str(claims.get("iss", "")).rstrip("/") != provider.issuer:
        raise OidcRefused(Refusal.UNVERIFIED, f"issuer {claims.get('iss')!r} is not {provider.issuer!r}")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if provider.client_id not in audiences:
        raise OidcRefused(Refusal.UNVERIFIED, "the ID token is for another client")
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise OidcRefused(Refusal.UNVERIFIED, "the ID token's authorized party is another client")
    if not isinstance(claims.get("exp"), int | float) or not claims.get("sub"):
        raise OidcRefused(Refusal.UNVERIFIED, "the ID token has no expiry or no subject")


def _values(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if item is not None and item != ""]
    return [str(value)]


def oidc_identity_from_callback(*, request, provider: OidcProvider) -> OidcIdentity:
    """Check the provider's answer to this browser's attempt and return who it vouched for.

    Raises ``OidcRefused`` for an unknown or spent state, an error answered by the
    provider, a code the provider will not exchange (PKCE), an ID token whose signature,
    nonce, issuer, audience or expiry does not check out, or a provider out of reach."""
    params = request.GET
    attempt = _attempt_take(request=request, provider=provider, state=params.get("state", ""))
    if params.get("error"):
        raise OidcRefused(Refusal.PROVIDER_ERROR,
                          f"{params.get('error')}: {params.get('error_description', '')}"[:300])
    if not params.get("code"):
        raise OidcRefused(Refusal.PROVIDER_ERROR, "no code in the answer")
    endpoints = provider_endpoints(provider)
    client = ProviderClient(provider=provider, endpoints=endpoints)
    try:
        tokens = client.get_token({
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": callback_url(request=request, provider=provider),
            "code_verifier": attempt["verifier"],
        })
        id_token = tokens.get("id_token")
        if not id_token:
            raise OidcRefused(Refusal.UNVERIFIED, "no ID token in the token answer")
        claims = client.verify_token(id_token, nonce=attempt["nonce"])
        _check_id_token_claims(claims, provider=provider)
        if endpoints.get("userinfo_endpoint") and tokens.get("access_token"):
            userinfo = client.get_userinfo(tokens["access_token"], id_token, claims)
            if userinfo.get("sub") != claims["sub"]:  # OpenID Connect Core §5.3.2
                raise OidcRefused(Refusal.UNVERIFIED, "the userinfo answer is about another subject")
            claims = {**userinfo, **claims}
    except requests.HTTPError as error:
        status = error.response.status_code if error.response is not None else "?"
        raise OidcRefused(Refusal.UNVERIFIED, f"the provider refused the exchange ({status})") from error
    except requests.RequestException as error:
        raise OidcRefused(Refusal.UNREACHABLE, f"{type(error).__name__}") from error
    except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
        raise OidcRefused(Refusal.UNVERIFIED, f"{type(error).__name__}: {error}") from error
    subject = "".join(_values(claims.get(provider.claims["subject"]))[:1])
    attributes = {name: _values(claims.get(claim))
                  for name, claim in provider.claims.items() if name != "subject"}
    return OidcIdentity(subject=subject, attributes=attributes)
