"""Production: PostgreSQL, Redis, several ASGI workers behind a proxy.

Required: ``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL``, ``ALLOWED_HOSTS``; ``EMAIL_URL``
for the mails (password reset, absence notices): ``submission://user:password@host`` (SMTP
with STARTTLS on 587), ``smtps://…`` or ``smtp://…``. Unset, mails go to the log.
"""

import os

import dj_email_url

from .base import *  # noqa: F403
from .base import (
    env_bool,
    env_list,
    passkey_relying_party,
    require_secret_key,
    use_connection_pool,
)

SECRET_KEY = require_secret_key()
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

use_connection_pool(DATABASES)  # noqa: F405

if os.environ.get("EMAIL_URL"):
    vars().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT_SECONDS", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
# The address of the site in the mails that tasks write (no request to read it from).
PREAU_SITE_URL = (os.environ.get("PREAU_SITE_URL")
                  or (f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else "")).rstrip("/")
OTP_WEBAUTHN_RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS = passkey_relying_party(PREAU_SITE_URL)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# The local demo's published TOTP key is refused here (preau.accounts.services.DEMO_TOTP_KEY).
PREAU_DEMO_TOTP_ALLOWED = False

# SAML on (PREAU_SAML_IDPS_FILE names the providers): the service provider signs its
# requests and decrypts assertions with its own key and certificate, files named by
# PREAU_SAML_SP_KEY_FILE and PREAU_SAML_SP_CERT_FILE (docs/federation.md, "SAML").
if PREAU_SAML_IDPS and not (PREAU_SAML_SP["key_file"] and PREAU_SAML_SP["cert_file"]):  # noqa: F405
    raise RuntimeError("PREAU_SAML_IDPS_FILE is set: PREAU_SAML_SP_KEY_FILE and "
                       "PREAU_SAML_SP_CERT_FILE must name the service provider's key and "
                       "certificate.")
