"""Settings for the test suite: the same code paths as production, faster hashing."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import SECRET_KEY as _ENV_SECRET_KEY

SECRET_KEY = _ENV_SECRET_KEY or "preau-test-key-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
CSRF_TRUSTED_ORIGINS = ["http://testserver", "http://localhost", "http://127.0.0.1"]
# Argon2 is the production hasher (asserted in tests); tests that only need a
# logged-in user pay for a cheap one.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads made by tests never land in the project's var/ folder.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "preau-test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The ASGI live server of the browser tests serves the Vite build straight from frontend/dist.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The replica alias exists in tests as a mirror of the default database, so that a test can
# turn ``PREAU_AUTHORITY_READ_DATABASE`` on and see authority reads go there
# (tests/authority/test_replica_router.py). Off by default: other tests read on default.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
PREAU_AUTHORITY_READ_DATABASE = None

# Session timeouts are tested with the production values (tests/accounts/test_sessions.py
# sets them); elsewhere a test that moves the clock between a login and a request must not
# be signed out by them.
PREAU_SESSION_IDLE_SECONDS = {"staff": 10 * 365 * 24 * 60 * 60, "family": 10 * 365 * 24 * 60 * 60}
PREAU_SESSION_ABSOLUTE_SECONDS = dict(PREAU_SESSION_IDLE_SECONDS)
# "Last seen" is written once per session in tests (else a slow run crossing the minute adds
# an UPDATE to a counted request); tests/accounts/test_sessions.py puts the minute back.
PREAU_SESSION_TOUCH_SECONDS = 10 * 365 * 24 * 60 * 60

# The local demo's published TOTP key is refused here (preau.accounts.services.DEMO_TOTP_KEY).
PREAU_DEMO_TOTP_ALLOWED = False
