"""The session engine (``SESSION_ENGINE``): Django's cached database sessions, the cache
being ``preau.common.session_cache`` (bounded copies, Redis away read as a miss).

One addition: a session deleted inside a transaction (a logout, "end the other
sessions", a deactivation: every one runs in ``transaction.atomic``) has its copy dropped
again once the transaction commits. Between Django's drop and the commit, a request of
that session finds no copy, reads the row that the transaction has not yet deleted and
caches it again; the second drop removes that copy, so an ended session does not live on
in the cache.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import caches
from django.db import transaction


def _drop_copy(session_key: str) -> None:
    caches[settings.SESSION_CACHE_ALIAS].delete(SessionStore.cache_key_prefix + session_key)


class SessionStore(cached_db.SessionStore):
    def delete(self, session_key=None):
        key = session_key if session_key is not None else self.session_key
        super().delete(session_key)
        if key is not None:
            transaction.on_commit(lambda: _drop_copy(key))


def sessions_delete(session_keys) -> None:
    """End these sessions: their rows and their cached copies, through the session
    engine's own ``delete`` (one lookup and one delete per session: a user has few)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in session_keys:
        store().delete(session_key)
