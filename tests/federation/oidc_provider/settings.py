"""Settings of the suite's OpenID Connect provider (a Django project apart from Préau).

Everything it keeps is in the state folder named by ``OIDC_PROVIDER_STATE_DIR``: the
SQLite database, the RSA key that signs its ID tokens, the people it knows and the journal
of the requests it received (``journal.py``)."""

import os
from pathlib import Path

STATE_DIR = Path(os.environ["OIDC_PROVIDER_STATE_DIR"])
ISSUER = os.environ["OIDC_PROVIDER_ISSUER"]

# A provider for tests and the local demo only: never exposed beyond 127.0.0.1.
SECRET_KEY = "oidc-provider-of-the-test-suite-and-the-demo-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
TIME_ZONE = "Europe/Paris"
LANGUAGE_CODE = "fr"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "tests.federation.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tests.federation.oidc_provider.journal.JournalMiddleware",
]
ROOT_URLCONF = "tests.federation.oidc_provider.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [],
              "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": STATE_DIR / "provider.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A provider of tests and of the demo: a fast hasher (the people are made at each start).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
# Préau may run on the same host (127.0.0.1, another port): cookies do not tell ports
# apart, so the provider's have names of their own.
SESSION_COOKIE_NAME = "oidc_provider_session"
CSRF_COOKIE_NAME = "oidc_provider_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RSA_PRIVATE_KEY": (STATE_DIR / "signing-key.pem").read_text(),
    # A code is exchanged only with the verifier of its S256 challenge (RFC 7636).
    "PKCE_REQUIRED": True,
    "SCOPES": {
        "openid": "Vous connecter",
        "profile": "Votre nom",
        "email": "Votre adresse électronique",
        "eleves": "Les INE de vos enfants",
    },
    "DEFAULT_SCOPES": ["openid"],
    "OAUTH2_VALIDATOR_CLASS": "tests.federation.oidc_provider.validator.PeopleClaimsValidator",
}
