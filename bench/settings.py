"""Settings of the benchmark servers: production-like (DEBUG off, PostgreSQL, Redis).

Minimal version for the live scenarios; ``DATABASE_URL`` and ``REDIS_URL`` come from the
environment the runner sets.
"""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import CHANNEL_LAYERS, DATABASES, SECRET_KEY, env_list

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

# Scenario 3 compares both Redis channel layers: PREAU_BENCH_CHANNEL_LAYER=core|pubsub.
CHANNEL_LAYER_BACKENDS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "core": "channels_redis.core.RedisChannelLayer",
}
_layer = os.environ.get("PREAU_BENCH_CHANNEL_LAYER")
if _layer and "redis" in CHANNEL_LAYERS["default"]["BACKEND"].lower():
    CHANNEL_LAYERS["default"]["BACKEND"] = CHANNEL_LAYER_BACKENDS[_layer]
