"""Settings shared by every configuration.

Everything that differs between a laptop and production is read from the
environment: ``DATABASE_URL`` (absent → SQLite under ``var/``), ``REDIS_URL``
(absent → in-memory channel layer and local-memory cache).
"""

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]  # backend/
REPO_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("PREAU_VAR_DIR", REPO_DIR / "var"))
FRONTEND_DIST = REPO_DIR / "frontend" / "dist"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "preau.common",
    "preau.accounts",
    "preau.schools",
    "preau.people",
    "preau.timetable",
    "preau.homework",
    "preau.attendance",
    "preau.messaging",
    "preau.realtime",
    "preau.imports",
    "preau.authority",
    "preau.audit",
    "preau.livret",
    "preau.family_export",
    "preau.today",
    "preau.pupil_record",
    "preau.notifications",
    "preau.safety",
    "preau.federation",
    "preau.class_cards",
]

MIDDLEWARE = [
    "preau.common.middleware.RequestDeadlineMiddleware",
    "preau.common.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "preau.accounts.middleware.SessionTimeoutMiddleware",
    "preau.accounts.middleware.SecondFactorMiddleware",
    "preau.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "preau.common.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Security headers (every configuration; HSTS and Secure cookies in production.py) ----
# Content-Security-Policy (django-csp): scripts only from our own origin, never inline,
# never eval. Styles allow 'unsafe-inline' because Mantine writes style attributes and
# <style> elements at run time; a style cannot run code. WebSocket connections to our
# own origin are covered by 'self' (CSP level 3). Uploaded files are served with a
# stricter policy of their own (preau.common.files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Database -----------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Every request is answered within about PREAU_REQUEST_DATABASE_SECONDS + 1 s, whatever the
# database does (docs/operations.md, "When PostgreSQL is away or slow"):
# - a query running longer than DB_STATEMENT_TIMEOUT_MS is cancelled by PostgreSQL (503
#   database_timeout; 0 = never);
# - opening a connection gives up after DB_CONNECT_TIMEOUT_SECONDS (libpq's connect_timeout);
# - TCP keepalives notice a database host that vanished from the network;
# - a server that is frozen cancels nothing: past PREAU_REQUEST_DATABASE_SECONDS after the
#   request started, its connections are cut (preau.common.deadline) and it gets a 503.
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", 8_000))
DB_CONNECT_TIMEOUT_SECONDS = int(os.environ.get("DB_CONNECT_TIMEOUT_SECONDS", 3))
PREAU_REQUEST_DATABASE_SECONDS = float(os.environ.get("PREAU_REQUEST_DATABASE_SECONDS", 9))
POSTGRESQL_CONNECTION_OPTIONS = {
    "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}",
    "connect_timeout": DB_CONNECT_TIMEOUT_SECONDS,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
}
# Server-side prepared statements (psycopg 3): off by default. With DB_PREPARE_THRESHOLD=<n>
# the queries go with server-side binding and a statement run n times on a connection is
# prepared there (its plan kept), see docs/operations.md for poolers.
DB_PREPARE_THRESHOLD = os.environ.get("DB_PREPARE_THRESHOLD", "")
if DB_PREPARE_THRESHOLD:
    POSTGRESQL_CONNECTION_OPTIONS.update(server_side_binding=True,
                                         prepare_threshold=int(DB_PREPARE_THRESHOLD))
if DATABASE_URL:
    # Health checks: a connection broken by a database restart is replaced, not reused.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=0, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRESQL_CONNECTION_OPTIONS)
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "preau.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
# A read replica (``DATABASE_REPLICA_URL``): the read-only views of the commune, the IEN
# and the DASEN read there; the schools' own work and every write stay on the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
PREAU_AUTHORITY_READ_DATABASE = None
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=0)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {}).update(POSTGRESQL_CONNECTION_OPTIONS)
    PREAU_AUTHORITY_READ_DATABASE = "replica"
DATABASE_ROUTERS = ["preau.authority.routers.AuthorityReplicaRouter"]


def use_connection_pool(databases: dict) -> None:
    """Under ASGI, a connection pool rather than persistent connections (DESIGN.md §10), on
    PostgreSQL: production, and the demo when given a DATABASE_URL. A new connection per
    request costs its opening and a new server process whose caches start empty (the
    authority pages' requests took 1.5 times longer, docs/benchmarks.md)."""
    if databases["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    from preau.common.deadline import PoolConnection

    databases["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", 10)),
        # Seconds a request waits for a connection (all busy, or the database away) before
        # it is answered 503 with Retry-After, rather than hanging for psycopg's 30 s.
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT_SECONDS", 5)),
        # Its check of a connection before use is bounded (a frozen server answers nothing).
        "connection_class": PoolConnection,
        # With CONN_HEALTH_CHECKS (above), Django has the pool check each connection before
        # use (ConnectionPool.check_connection): after a database restart the dead ones are
        # dropped and new ones opened, without restarting the app.
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: live bus and cache ------------------------------------------------
# The live bus (preau.realtime.bus) reads the Redis hosts, their timeouts and the prefix from
# CHANNEL_LAYERS["default"]; no consumer uses a channel layer.
REDIS_URLS = env_list("REDIS_URL")
# Signed-in sessions are read from the cache alias "sessions" and written to it and to the
# database (preau.common.session_store, session_cache): a copy lives at most this many
# seconds, and Redis away reads as a miss (docs/security.md, "Sessions").
SESSION_ENGINE = "preau.common.session_store"
SESSION_CACHE_ALIAS = "sessions"
PREAU_SESSION_COPY_SECONDS = int(os.environ.get("PREAU_SESSION_COPY_SECONDS", 60))
# Every Redis client of the app (cache, channel layer, live-event publisher) gives up on a
# connection or an answer after this many seconds: a dead or frozen Redis costs a request
# at most this, never a hang (docs/operations.md).
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", 0.5))
REDIS_SOCKET_OPTIONS = {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                        "socket_timeout": REDIS_TIMEOUT_SECONDS}


def deployment_channel_prefix(*, secret_key: str, database: dict, redis_urls: list[str]) -> str:
    """A prefix of Redis channel names that is the same for every process of a deployment
    and differs between deployments: Redis pub/sub ignores the database number, so two
    deployments on one Redis server would otherwise hear each other's ``user.<id>`` events
    (docs/operations.md). Made of what a deployment's processes share and another
    deployment does not: the signing key, the database and the Redis URLs."""
    identity = "\0".join([
        "preau-channel-prefix", secret_key, str(database.get("ENGINE", "")),
        str(database.get("HOST", "")), str(database.get("PORT", "")),
        str(database.get("NAME", "")), *redis_urls,
    ])
    return "preau-" + hashlib.sha256(identity.encode()).hexdigest()[:16]


# Set it explicitly to keep it across a change of SECRET_KEY or of the database address.
PREAU_CHANNEL_PREFIX = os.environ.get("PREAU_CHANNEL_PREFIX") or deployment_channel_prefix(
    secret_key=SECRET_KEY, database=DATABASES["default"], redis_urls=REDIS_URLS)
if REDIS_URLS:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": url, **REDIS_SOCKET_OPTIONS} for url in REDIS_URLS],
                       "prefix": PREAU_CHANNEL_PREFIX},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URLS[0],
            "KEY_PREFIX": "preau",
            "OPTIONS": dict(REDIS_SOCKET_OPTIONS),
        },
        "sessions": {
            "BACKEND": "preau.common.session_cache.SessionRedisCache",
            "LOCATION": REDIS_URLS[0],
            "KEY_PREFIX": "preau",
            "TIMEOUT": PREAU_SESSION_COPY_SECONDS,
            "OPTIONS": dict(REDIS_SOCKET_OPTIONS),
        },
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "sessions": {"BACKEND": "preau.common.session_cache.SessionLocMemCache",
                     "LOCATION": "preau-sessions", "TIMEOUT": PREAU_SESSION_COPY_SECONDS},
    }

# --- Tasks (Celery, docs/tasks.md) ---------------------------------------------
# With Redis, tasks go to a worker through it; without (the embedded default), they run in
# the process that asks for them, after its commit. PREAU_TASKS_EAGER=0/1 overrides.
CELERY_BROKER_URL = os.environ.get("PREAU_TASK_BROKER_URL") or (REDIS_URLS[0] if REDIS_URLS else "")
CELERY_TASK_ALWAYS_EAGER = os.environ.get(
    "PREAU_TASKS_EAGER", "0" if CELERY_BROKER_URL else "1") == "1"
CELERY_TASK_IGNORE_RESULT = True  # nothing reads a task's result: none is stored
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged once done, not when received: a worker that dies mid-task leaves it
# to another (tasks are idempotent), one task at a time per worker process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Asking for a task while Redis is away costs a request at most this much: the write that
# asked for it is committed and stays (the task is logged as lost, preau.common.tasks).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                                   "socket_timeout": max(REDIS_TIMEOUT_SECONDS, 5.0),
                                   "visibility_timeout": 3600}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.2}
# A task that fails for a passing reason (the mail server away) is tried again after
# PREAU_TASK_RETRY_SECONDS, then twice that, and so on (at most an hour apart), at most
# PREAU_TASK_MAX_RETRIES times; then it is reported (logged with its arguments, which are
# ids, never personal data).
# The scheduler (``celery -A config beat``, a service of docker/compose.yaml) asks for these,
# at the school's time (CELERY_TIMEZONE, beside TIME_ZONE).
CELERY_BEAT_SCHEDULE = {
    "purge-expired": {"task": "common.purge_expired",
                      "schedule": crontab(hour=2, minute=30)},  # docs/operations.md
    # Each digest at its owner's time, within the quarter hour (docs/notifications.md).
    "send-due-digests": {"task": "notifications.send_due_digests",
                         "schedule": crontab(minute="*/15")},
}
PREAU_TASK_RETRY_SECONDS = float(os.environ.get("PREAU_TASK_RETRY_SECONDS", 30))
PREAU_TASK_MAX_RETRIES = int(os.environ.get("PREAU_TASK_MAX_RETRIES", 6))

# --- Web Push (docs/notifications.md) ---------------------------------------------
# The VAPID key that signs our pushes (base64url of the P-256 private key, or PEM); its
# public half is the browsers' applicationServerKey. Unset in production: no Web Push.
PREAU_VAPID_PRIVATE_KEY = os.environ.get("PREAU_VAPID_PRIVATE_KEY", "")
PREAU_VAPID_SUBJECT = os.environ.get("PREAU_VAPID_SUBJECT", "")  # mailto: of the operator
# A push not delivered within this time is dropped by the push service (a notification of
# the morning is useless at night).
PREAU_PUSH_TTL_SECONDS = int(os.environ.get("PREAU_PUSH_TTL_SECONDS", 12 * 3600))
# The push services a browser's subscription may name (the workers post to it: any other
# address is refused, so that nobody makes Préau post to a server of their choosing):
# Chrome/Edge/Android (FCM), Firefox (Mozilla), Safari (Apple), Windows (WNS).
PREAU_PUSH_SERVICE_HOSTS = env_list("PREAU_PUSH_SERVICE_HOSTS") or [
    "fcm.googleapis.com", "updates.push.services.mozilla.com", "push.apple.com",
    "notify.windows.com"]


def local_vapid_private_key(var_dir: Path) -> str:
    """The demo's and the tests' VAPID key: made once, kept in ``var_dir`` (production sets
    ``PREAU_VAPID_PRIVATE_KEY``)."""
    import base64

    from cryptography.hazmat.primitives.asymmetric import ec

    path = var_dir / "vapid-private-key.txt"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        raw = key.private_numbers().private_value.to_bytes(32, "big")
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        draft.write_text(base64.urlsafe_b64encode(raw).rstrip(b"=").decode())
        draft.chmod(0o600)
        os.replace(draft, path)  # processes starting together keep one key
    return path.read_text().strip()


# --- Safety (docs/safety.md) ---------------------------------------------------
# The exercises each school holds every school year (the PPMS circulars): two fire drills,
# one of them in the year's first month; one PPMS "risques majeurs"; one
# "attentat-intrusion".
PREAU_SAFETY_REQUIRED_EXERCISES = {"fire": 2, "ppms_major": 1, "ppms_intrusion": 1}
PREAU_SAFETY_FIRST_FIRE_DRILL_DAYS = 30

# Class cards (docs/class-cards.md): the hours, local time, of a school day when a card signs
# a pupil in on an enrolled device of the class (the session ends at the second one); the
# idle time after which a card session ends; the wrong attempts allowed per pupil and per
# device in the window (then 429); how long an enrolled device's cookie lasts.
PREAU_CLASS_CARDS_HOURS = ("07:30", "18:30")
PREAU_CLASS_CARDS_IDLE_SECONDS = int(os.environ.get("PREAU_CLASS_CARDS_IDLE_SECONDS", 30 * 60))
PREAU_CLASS_CARDS_FAILURE_LIMIT = 5
PREAU_CLASS_CARDS_DEVICE_FAILURE_LIMIT = 30
PREAU_CLASS_CARDS_FAILURE_WINDOW_SECONDS = 15 * 60
PREAU_CLASS_CARDS_DEVICE_DAYS = 365

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The first loads a signed-in session's account with its authority check in one query and
# checks no password; Django's checks passwords and keeps the sessions that name it valid
# (preau/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "preau.accounts.backends.SessionAccountBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 with Django's memory and time cost, on one lane (preau/accounts/hashers.py).
PASSWORD_HASHERS = [
    "preau.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # families keep long sessions
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LOGIN_FAILURE_LIMIT = 10  # the 11th failure within the window answers 429
# Session timeouts per kind of account (docs/security.md): a staff or authority session
# ends after 2 hours unused and 12 hours in all (a school day, on a shared classroom
# computer); a family's, on its own phone, after 14 days unused and 30 days in all.
PREAU_SESSION_IDLE_SECONDS = {
    "staff": int(os.environ.get("PREAU_SESSION_IDLE_SECONDS_STAFF", 2 * 60 * 60)),
    "family": int(os.environ.get("PREAU_SESSION_IDLE_SECONDS_FAMILY", 14 * 24 * 60 * 60)),
}
PREAU_SESSION_ABSOLUTE_SECONDS = {
    "staff": int(os.environ.get("PREAU_SESSION_ABSOLUTE_SECONDS_STAFF", 12 * 60 * 60)),
    "family": int(os.environ.get("PREAU_SESSION_ABSOLUTE_SECONDS_FAMILY",
                                 30 * 24 * 60 * 60)),
}
# "Last seen" is written at most this often per session (not on every request).
PREAU_SESSION_TOUCH_SECONDS = 60
# Roles that must use a second factor (TOTP) to sign in, among "teacher", "director",
# "commune", "inspector", "dasen", "operator"; the others may add one. Never offered to
# families and pupils. By default every role that can read pupil lists or run the
# platform; teachers may choose. Comma-separated in the environment ("" = none).
PREAU_TOTP_REQUIRED_FOR = [
    role.strip() for role in os.environ.get(
        "PREAU_TOTP_REQUIRED_FOR", "director,commune,inspector,dasen,operator").split(",")
    if role.strip()]
OTP_TOTP_ISSUER = "Préau"
# The local demo's published TOTP key (preau.accounts.services.DEMO_TOTP_KEY) is accepted
# only where this is True: config.settings.local. Never from the environment.
PREAU_DEMO_TOTP_ALLOWED = False
# The client address: REMOTE_ADDR, unless the request comes from one of these proxies
# (IPs or CIDRs); then the rightmost untrusted address of this header (request.META name).
PREAU_TRUSTED_PROXIES = env_list("PREAU_TRUSTED_PROXIES")
PREAU_CLIENT_IP_HEADER = os.environ.get("PREAU_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
# Password reset links expire after this; at most PREAU_PASSWORD_RESET_LIMIT requests per
# client address (then 429) and mails per account in LOGIN_FAILURE_WINDOW_SECONDS.
PREAU_PASSWORD_RESET_SECONDS = int(os.environ.get("PREAU_PASSWORD_RESET_SECONDS", 60 * 60))
PASSWORD_RESET_TIMEOUT = PREAU_PASSWORD_RESET_SECONDS
PREAU_PASSWORD_RESET_LIMIT = 5
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
# Password checks per process (preau/accounts/gate.py): at most this many run at once
# (default: the cores the process may use), this many more wait at most the given time;
# any other login is answered 503 with Retry-After at once.
PREAU_LOGIN_CONCURRENCY = int(os.environ.get("PREAU_LOGIN_CONCURRENCY", 0)) or None
PREAU_LOGIN_QUEUE = int(os.environ.get("PREAU_LOGIN_QUEUE", 2))
PREAU_LOGIN_QUEUE_WAIT_SECONDS = float(os.environ.get("PREAU_LOGIN_QUEUE_WAIT_SECONDS", 1.0))
PREAU_LOGIN_RETRY_AFTER_SECONDS = 2
# Guardian invitation codes (letters handed out by the director) expire after this.
PREAU_INVITATION_DAYS = int(os.environ.get("PREAU_INVITATION_DAYS", 30))

# --- Retention (docs/operations.md) -------------------------------------------
# Days each kind of personal data is kept; ``manage.py purge_expired`` deletes what is
# older. A kind missing here uses the default its app registered; None keeps it for ever.
PREAU_RETENTION_DAYS: dict[str, int | None] = {
    "messages": 365,             # messages of the conversations: one school year
    "conversations": 365,        # a conversation whose last message is older, whole
    "liaison_notes": 365,        # cahier de liaison notes and their acknowledgements
    "absences": 730,             # absences, lateness and justifications: the year + 1
    "absence_notices": 730,      # absences announced by families: the year + 1
    "access_log": 365,           # reads by authority roles (CNIL: 6 months to 1 year)
    "audit_events": 365,         # logins, refusals, authority reads (docs/security.md)
    "idempotency_records": 2,    # replays of resent writes (the TTL is 24 hours)
    "invitations": 90,           # invitation codes, counted from their expiry
    "sessions": 0,               # expired sessions
    "user_sessions": 31,         # the list of sessions a login opened
    # Families who left, counted from the end of the last enrolment (CNIL, ENT: 3 months)
    "accounts": 92,              # their logins
    "guardianships": 92,         # the links between a guardian and a child who left
    "homework_done": 92,         # the "done" ticks of a pupil who left
    "people": 92,                # the persons themselves, once nothing kept refers to them
    "pupil_details": 92,         # a pupil's details but the name (the register keeps it)
    "enrolments": 3653,          # the register's lines (name, class, dates): 10 years
}

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
CELERY_TIMEZONE = TIME_ZONE
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- REST framework and OpenAPI -------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["preau.accounts.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "preau.people.permissions.ReadOnlyForAuthorities",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "preau.common.parsers.BoundedJSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "preau.common.pagination.PagePagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "preau.common.openapi.PreauAutoSchema",
    "EXCEPTION_HANDLER": "preau.common.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Préau API",
    "DESCRIPTION": "School-life platform for French primary schools.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "preau.schools.models.Level",
        "SignInMethodEnum": "preau.accounts.models.SignInMethod",
        # The same choice set as the "me" answer's authority scopes: one enum, its name kept.
        "MeAuthorityScopeOutputRoleEnum": "preau.people.models.AuthorityRole",
        "AccessKindEnum": "preau.authority.models.AccessKind",
        "HalfDayEnum": "preau.schools.models.HalfDay",
        "SubjectEnum": "preau.timetable.models.Subject",
        "ExtraActivityKindEnum": "preau.timetable.models.ExtraActivityKind",
        "ExceptionKindEnum": "preau.timetable.models.ExceptionKind",
        "SchoolEventKindEnum": "preau.timetable.models.SchoolEventKind",
        "DayOffKindEnum": "preau.timetable.serializers.DAY_OFF_KINDS",
        # A lesson's status, in the timetable's views and on the home page: one enum.
        "OccurrenceOutputStatusEnum": "preau.timetable.serializers.STATUSES",
        "AuditKindEnum": "preau.audit.models.AuditKind",
        "HolidayZoneEnum": "preau.schools.models.HolidayZone",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Error statuses where they happen, in the error envelope (preau.common.openapi).
        "preau.common.openapi.document_error_statuses",
    ],
}

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"preau": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Préau <ne-pas-repondre@preau.invalid>"
# The site's address, for the links of the mails that tasks write (they have no request to
# read it from): the one-click unsubscription of the absence e-mails.
PREAU_SITE_URL = os.environ.get("PREAU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# OpenID Connect providers offered at sign-in (docs/federation.md, "OpenID Connect"): none
# by default. In production, a JSON file named by PREAU_OIDC_PROVIDERS_FILE (it holds the
# client secrets: readable by the server's user only), of the shape preau.federation.oidc
# describes.
PREAU_OIDC_PROVIDERS: dict = (
    json.loads(Path(os.environ["PREAU_OIDC_PROVIDERS_FILE"]).read_text(encoding="utf-8"))
    if os.environ.get("PREAU_OIDC_PROVIDERS_FILE") else {})


# SAML identity providers offered at sign-in (docs/federation.md, "SAML"): none by default
# (SAML off). In production, a JSON file named by PREAU_SAML_IDPS_FILE, of the shape
# preau.federation.saml describes; the service provider's key and certificate are files
# named by PREAU_SAML_SP_KEY_FILE and PREAU_SAML_SP_CERT_FILE (the key readable by the
# server's user only).
PREAU_SAML_IDPS: dict = (
    json.loads(Path(os.environ["PREAU_SAML_IDPS_FILE"]).read_text(encoding="utf-8"))
    if os.environ.get("PREAU_SAML_IDPS_FILE") else {})
PREAU_SAML_SP = {
    "entity_id": os.environ.get("PREAU_SAML_SP_ENTITY_ID", ""),  # default: metadata URL
    "key_file": os.environ.get("PREAU_SAML_SP_KEY_FILE", ""),
    "cert_file": os.environ.get("PREAU_SAML_SP_CERT_FILE", ""),
}
# The clock skew tolerated between a provider and Préau, in seconds, both ways.
PREAU_SAML_ACCEPTED_TIME_DIFF = 60
PREAU_XMLSEC_BINARY = os.environ.get("PREAU_XMLSEC_BINARY", "/usr/bin/xmlsec1")
# djangosaml2: Préau's configuration loader; the request ids wait in a session of their
# own whose cookie goes with the provider's cross-site POST (SameSite=None, Secure when
# SESSION_COOKIE_SECURE); requests by HTTP-Redirect; no login made by djangosaml2.
SAML_CONFIG_LOADER = "preau.federation.saml.saml_sp_config"
SAML_SESSION_COOKIE_NAME = "preau_saml"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_CREATE_UNKNOWN_USER = False
SAML_IGNORE_AUTHENTICATED_USERS_ON_LOGIN = False

# --- Passkeys (WebAuthn, django-otp-webauthn; docs/security.md, "Passkeys") ---
def passkey_relying_party(site_url: str) -> tuple[str, list[str]]:
    """The relying party ID (the site's host name: browsers refuse an IP address) and the
    one origin a passkey ceremony may come from (the site's own)."""
    parts = urlsplit(site_url)
    return parts.hostname or "localhost", [f"{parts.scheme}://{parts.netloc}"]


OTP_WEBAUTHN_RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS = passkey_relying_party(PREAU_SITE_URL)
OTP_WEBAUTHN_RP_NAME = "Préau"
OTP_WEBAUTHN_HELPER_CLASS = "preau.accounts.passkeys.PasskeyHelper"
# Passkeys are a second factor after the password; discoverable ones are preferred, not
# required (a security key has few slots).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_TIMEOUT_SECONDS = 5 * 60


def require_secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if not key:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
    return key
CSRF_FAILURE_VIEW = "preau.common.views.csrf_failure"

# --- Messaging ---
# Uploaded files (messages, homework): size limit; the types are checked from the content.
PREAU_UPLOAD_MAX_BYTES = int(os.environ.get("PREAU_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
# Per-account send quota: messages stored (fan-out included) in a sliding window; 429 beyond.
PREAU_MESSAGING_SEND_QUOTA = int(os.environ.get("PREAU_MESSAGING_SEND_QUOTA", 200))
PREAU_MESSAGING_SEND_QUOTA_WINDOW_SECONDS = 60 * 60
PREAU_MESSAGING_MAX_ATTACHMENTS = 5
# An open socket re-checks its session and account at most this often before pushing.
PREAU_LIVE_SESSION_RECHECK_SECONDS = 60
# One session keeps at most this many open sockets; a newer one closes the oldest (4429).
PREAU_LIVE_MAX_SOCKETS_PER_SESSION = int(os.environ.get("PREAU_LIVE_MAX_SOCKETS_PER_SESSION", 10))
# Named enums of the messaging API (fields called "kind", "role"… exist in several apps).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"],
    "ConversationKindEnum": "preau.messaging.models.ConversationKind",
    "ParticipantRoleEnum": "preau.messaging.models.ParticipantRole",
    "NoteAudienceEnum": "preau.messaging.models.NoteAudience",
    "AudienceScopeEnum": "preau.messaging.models.AudienceScope",
    "QuestionKindEnum": "preau.messaging.models.QuestionKind",
    "ReachEnum": "preau.messaging.permissions.Reach",
    # Homework's "audience" keeps its name next to the notes' (same field name, two enums).
    "AudienceEnum": "preau.homework.models.Audience",
}

# The livret's bilans: two choice sets on fields named "code".
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"],
    "AccompanimentEnum": "preau.livret.models.Accompaniment",
    "ParcoursEnum": "preau.livret.models.Parcours",
}

# The muster's kind (fire drill, PPMS) next to the other fields named "kind".
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"],
    "DrillKindEnum": "preau.safety.models.DrillKind",
}
