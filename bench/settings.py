"""Settings of the benchmark servers: production's, on loopback, plus the floor views.

``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` come from the runner. DEBUG is off, the
database is reached through production's connection pool, sessions, cache and channel
layer are production's; only TLS redirects are off (plain HTTP on 127.0.0.1) and the URL
configuration adds the floor views of ``bench/floors.py``.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1,http://localhost")

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# The channel layer class may be switched per run (PREAU_BENCH_CHANNEL_LAYER or
# BENCH_CHANNEL_LAYER = core | pubsub). The app's sockets and events use the live bus
# (preau.realtime.bus), which reads only the hosts and the prefix of this configuration:
# the switch no longer changes how events travel.
CHANNEL_LAYER_BACKENDS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "core": "channels_redis.core.RedisChannelLayer",
}
_layer = os.environ.get("PREAU_BENCH_CHANNEL_LAYER") or os.environ.get("BENCH_CHANNEL_LAYER")
if _layer:
    CHANNEL_LAYERS["default"]["BACKEND"] = CHANNEL_LAYER_BACKENDS[_layer]  # noqa: F405

# ``python -m bench --at 2026-12-03T07:00``: the servers live at that moment (a school day
# at 07:00 whatever day the bench runs), the clock ticking from there.
if os.environ.get("BENCH_AT"):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    time_machine.travel(datetime.fromisoformat(os.environ["BENCH_AT"]).replace(
        tzinfo=ZoneInfo("Europe/Paris")), tick=True).start()
