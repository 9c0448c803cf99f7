"""Authority reads go to the read replica when there is one.

``DATABASE_REPLICA_URL`` configures a ``replica`` alias and sets
``PREAU_AUTHORITY_READ_DATABASE = "replica"``. The authority APIs mark the request with
``reading_for_authority()`` once the viewer is authenticated (the session and the login
are read on the primary); inside it, reads go to that alias. Everything else — the
schools' own work, every write, the access log — stays on ``default``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_authority_read = ContextVar("preau_authority_read", default=False)


def authority_read_database() -> str | None:
    alias = getattr(settings, "PREAU_AUTHORITY_READ_DATABASE", None)
    return alias if alias and alias in settings.DATABASES else None


@contextmanager
def reading_for_authority() -> Iterator[None]:
    token = _authority_read.set(True)
    try:
        yield
    finally:
        _authority_read.reset(token)


def start_authority_read():
    return _authority_read.set(True)


def end_authority_read(token) -> None:
    _authority_read.reset(token)


class AuthorityReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if _authority_read.get():
            return authority_read_database()
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        # The replica is a copy of the primary: it is never migrated on its own.
        return db == "default"
