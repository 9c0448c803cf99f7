"""Settings of the benchmark servers: production-like (DEBUG off, PostgreSQL, Redis).

Minimal version for the live scenarios; ``DATABASE_URL`` and ``REDIS_URL`` come from the
environment the runner sets.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, SECRET_KEY, env_list

SECRET_KEY = SECRET_KEY or "preau-bench-only-" + "x" * 50
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1,http://localhost")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": 10, "timeout": 5}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
