"""Settings for the test suite: the same code paths as production, faster hashing."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis's default number of databases


def worker_redis_url(url: str, worker_index: int) -> str:
    """``url`` with its database number moved ``worker_index`` up: pytest-xdist's worker
    gw<n> uses the database of REDIS_URL plus n (CI's ``redis://…/0`` gives gw0 database 0,
    gw1 database 1…), so that one worker's ``cache.clear()`` (a FLUSHDB) never empties the
    cache of another."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + worker_index
    if database >= REDIS_DATABASES:
        raise ValueError(
            f"REDIS_URL {url}: worker gw{worker_index} would need Redis database {database}; "
            f"use a lower database number in REDIS_URL or fewer workers (pytest -n)")
    return urlunsplit(parts._replace(path=f"/{database}"))


def _isolate_xdist_worker(environ=os.environ) -> None:
    """Under pytest-xdist, give this worker its own Redis database and channel prefix, in the
    environment that the base settings read and that the servers a test starts inherit
    (once: a child process keeps the worker's values, or the ones its test gave it).
    pytest-django gives each worker its own test database."""
    worker = environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or environ.get("PREAU_TEST_WORKER") == worker:
        return
    environ["PREAU_TEST_WORKER"] = worker
    index = int(worker.removeprefix("gw"))
    urls = [url.strip() for url in environ.get("REDIS_URL", "").split(",") if url.strip()]
    if urls:
        environ["REDIS_URL"] = ",".join(worker_redis_url(url, index) for url in urls)
    # Redis pub/sub ignores the database number: the prefix keeps the workers' events apart
    # (the derived one already differs, as it is made from REDIS_URL).
    if environ.get("PREAU_CHANNEL_PREFIX"):
        environ["PREAU_CHANNEL_PREFIX"] += f"-{worker}"


_isolate_xdist_worker()

import dj_email_url  # noqa: E402

from preau.federation.keys import local_saml_keypair  # noqa: E402

from .base import *  # noqa: E402, F403
from .base import SECRET_KEY as _ENV_SECRET_KEY  # noqa: E402

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
# Tasks run in the test's own process (after its commit), whatever REDIS_URL says; a test
# that runs a real worker starts it, and the process that asks for tasks, with
# PREAU_TASKS_EAGER=0, PREAU_TASK_BROKER_URL and (for the worker's mails) EMAIL_URL.
CELERY_BROKER_URL = os.environ.get("PREAU_TASK_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = os.environ.get("PREAU_TASKS_EAGER", "1") == "1"
if os.environ.get("EMAIL_URL"):
    vars().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
    EMAIL_TIMEOUT = 5
# Uploads made by tests never land in the project's var/ folder.
MEDIA_ROOT = Path(tempfile.gettempdir()) / (
    "preau-test-media" + (f"-{os.environ['PREAU_TEST_WORKER']}"
                          if os.environ.get("PREAU_TEST_WORKER") else ""))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The ASGI live server of the browser tests serves the Vite build straight from frontend/dist.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# No JIT compilation in the test databases. Their rows are a few dozen, written inside the
# test's transaction and never analysed: the planner guesses their counts, and a query over a
# subquery's arms reaches estimated costs (half a million) past PostgreSQL's jit_above_cost,
# which then compiles it for about a second to run it in a millisecond. Production keeps
# PostgreSQL's default (docs/benchmarks.md: turning JIT off there was measured and left).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

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
# Passkeys: the browser tests' live server is on http://localhost:<port> and names its
# own origin (tests/e2e/test_passkeys.py); the others use this one.
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost:8000"]

# After a test on committed rows (transactional_db, live servers), the tables are emptied by
# DELETE rather than Django's TRUNCATE of every table: milliseconds instead of seconds on
# PostgreSQL (preau/audit/management/commands/flush.py, docs/testing.md).
PREAU_FLUSH_BY_DELETE = True

# Web Push in the tests: a key of their own, made once in the var folder.
PREAU_VAPID_PRIVATE_KEY = PREAU_VAPID_PRIVATE_KEY or local_vapid_private_key(VAR_DIR)  # noqa: F405
# The suite's push service listens on 127.0.0.1, over plain HTTP (tests/notifications).
PREAU_PUSH_SERVICE_HOSTS = [*PREAU_PUSH_SERVICE_HOSTS, "127.0.0.1"]  # noqa: F405

# SAML: the service provider's key and certificate, made once in the var folder; the
# suite's two identity providers (tests/federation/saml_idp.py, a families' one like
# EduConnect and an académie's for the staff) write their metadata in a folder of this
# process when a test starts them (docs/federation.md).
_SAML_KEY, _SAML_CERT = local_saml_keypair(VAR_DIR)  # noqa: F405
PREAU_SAML_SP = {"entity_id": "", "key_file": str(_SAML_KEY), "cert_file": str(_SAML_CERT)}
SAML_TEST_DIR = Path(tempfile.gettempdir()) / f"preau-saml-{os.getpid()}"
PREAU_SAML_IDPS = {
    "educonnect": {
        "label": "EduConnect", "audience": "families",
        "entity_id": "https://educonnect.test/idp",
        "metadata": {"local": [str(SAML_TEST_DIR / "educonnect-idp-metadata.xml")]},
        "attributes": {"subject": "urn:oid:1.3.6.1.4.1.20326.10.999.1.57",
                       "first_name": "urn:oid:2.5.4.42", "last_name": "urn:oid:2.5.4.4",
                       "children_ine": "FrEduCtEleveINE"},
    },
    "academie": {
        "label": "Compte académique", "audience": "staff",
        "entity_id": "https://academie.test/idp",
        "metadata": {"local": [str(SAML_TEST_DIR / "academie-idp-metadata.xml")]},
        "attributes": {"subject": "name_id", "first_name": "urn:oid:2.5.4.42",
                       "last_name": "urn:oid:2.5.4.4",
                       "email": "urn:oid:0.9.2342.19200300.100.1.3"},
        "email_domains": ["ac-test.fr"],
    },
}
