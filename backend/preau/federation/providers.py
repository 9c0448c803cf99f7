"""The identity providers the operator configured (docs/federation.md).

``PREAU_SAML_IDPS`` (SAML 2.0) and ``PREAU_OIDC_PROVIDERS`` (OpenID Connect) map a key
("educonnect", "academie"…) to the provider's settings; this module reads the part the
linking core needs: its label and its audience."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings

FAMILIES = "families"
STAFF = "staff"
AUDIENCES = (FAMILIES, STAFF)


@dataclass(frozen=True)
class Provider:
    protocol: str  # "saml" | "oidc"
    key: str
    label: str
    # "families": a guardian's identity (links by the children's INE); "staff": a teacher's
    # or a director's (links by the academic e-mail address).
    audience: str
    # Staff: the domains of the academic addresses the provider vouches for ("ac-creteil.fr").
    email_domains: tuple[str, ...] = ()
    # Where the browser goes to sign in (the login page's button).
    sign_in_path: str = ""


def _settings_of(protocol: str) -> dict:
    if protocol == "saml":
        return getattr(settings, "PREAU_SAML_IDPS", {}) or {}
    if protocol == "oidc":
        return getattr(settings, "PREAU_OIDC_PROVIDERS", {}) or {}
    return {}


def provider_find(*, protocol: str, key: str) -> Provider | None:
    config = _settings_of(protocol).get(key)
    if config is None:
        return None
    audience = config.get("audience", FAMILIES)
    if audience not in AUDIENCES:
        raise ValueError(f"{protocol} provider {key!r}: audience must be one of {AUDIENCES}")
    if protocol == "saml":
        path = f"/api/v1/federation/saml/login/?idp={quote(config.get('entity_id', ''), safe='')}"
    else:
        path = config.get("sign_in_path", f"/api/v1/federation/oidc/{key}/start/")
    return Provider(protocol=protocol, key=key, label=config.get("label", key),
                    audience=audience,
                    email_domains=tuple(d.lower().lstrip("@")
                                        for d in config.get("email_domains", ())),
                    sign_in_path=path)


def providers_all() -> list[Provider]:
    found = []
    for protocol in ("saml", "oidc"):
        for key in _settings_of(protocol):
            provider = provider_find(protocol=protocol, key=key)
            if provider is not None:
                found.append(provider)
    return found
