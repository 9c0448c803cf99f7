"""The embedded default: SQLite, in-memory channel layer, one process (``make demo``)."""

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

use_connection_pool(DATABASES)  # noqa: F405 — on PostgreSQL only (DATABASE_URL)

# Web Push in the demo: a key of its own, made once in var/.
PREAU_VAPID_PRIVATE_KEY = PREAU_VAPID_PRIVATE_KEY or local_vapid_private_key(VAR_DIR)  # noqa: F405
