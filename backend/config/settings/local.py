"""The embedded default: SQLite, in-memory channel layer, one process (``make demo``)."""

import json

from preau.federation.keys import local_saml_keypair

from .base import *  # noqa: F403
from .base import SECRET_KEY as _ENV_SECRET_KEY
from .base import local_vapid_private_key, use_connection_pool

DEBUG = False
SECRET_KEY = _ENV_SECRET_KEY or "preau-local-demo-key-not-for-production-use-0123456789"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1:8000", "http://localhost:8000",
                        "http://127.0.0.1:5173", "http://localhost:5173"]
# seed_demo gives the demo's directors, authorities and operator a second factor with a
# published key (it prints it); only this configuration accepts that key.
PREAU_DEMO_TOTP_ALLOWED = True
# Passkeys in the demo: on http://localhost (WebAuthn refuses an IP address as its
# relying party), served by Django or by Vite's dev server.
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost:8000", "http://localhost:5173"]

use_connection_pool(DATABASES)  # noqa: F405 — on PostgreSQL only (DATABASE_URL)

# Web Push in the demo: a key of its own, made once in var/.
PREAU_VAPID_PRIVATE_KEY = PREAU_VAPID_PRIVATE_KEY or local_vapid_private_key(VAR_DIR)  # noqa: F405

# OpenID Connect in the demo: the provider of `make demo-oidc` (docs/federation.md), offered
# once it has run (it writes its client's settings in var/oidc-provider/client.json).
DEMO_OIDC_CLIENT = VAR_DIR / "oidc-provider" / "client.json"  # noqa: F405
if DEMO_OIDC_CLIENT.is_file():
    PREAU_OIDC_PROVIDERS = {"demo": {
        **json.loads(DEMO_OIDC_CLIENT.read_text(encoding="utf-8")),
        "label": "Fournisseur OpenID Connect de démonstration",
        "audience": "families",
        "sign_in_path": "/api/v1/federation/oidc/demo/start/",
        "scopes": ["openid", "profile", "email", "eleves"],
        "claims": {"children_ine": "eleves_ine"},
    }}

# SAML in the demo: the service provider's key and certificate made once in var/saml/; the
# providers of `make demo-saml` (tests/federation/saml_idp.py, docs/federation.md), offered
# once they have run (they write their settings in var/saml-idp/providers.json).
_SAML_KEY, _SAML_CERT = local_saml_keypair(VAR_DIR)  # noqa: F405
PREAU_SAML_SP = {"entity_id": "", "key_file": str(_SAML_KEY), "cert_file": str(_SAML_CERT)}
DEMO_SAML_PROVIDERS = VAR_DIR / "saml-idp" / "providers.json"  # noqa: F405
if DEMO_SAML_PROVIDERS.is_file():
    PREAU_SAML_IDPS = json.loads(DEMO_SAML_PROVIDERS.read_text(encoding="utf-8"))
# The demo is served over plain HTTP, where browsers drop a SameSite=None cookie that is not
# Secure: the provider of `make demo-saml` and Préau share the host 127.0.0.1 (another port is
# the same site), so the SAML request's cookie goes with the provider's POST as Lax.
SAML_SESSION_COOKIE_SAMESITE = "Lax"
