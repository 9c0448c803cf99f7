"""The accounts' rules for a live socket. ``config.routing`` gives them to the consumer
(``preau.realtime.consumers.EventsConsumer``): accounts stands above realtime, which
delivers events and knows no account rule (docs/architecture.md)."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from preau.accounts.models import User
from preau.accounts.session_policy import STEPS_PASSED, session_expiry, session_login_state


def login_steps_passed(user, session) -> bool:
    """The session passed every step of the login that is due: a code not given, or a
    session opened only to set up a required second factor, gets no socket."""
    return session_login_state(user=user, session=session) == STEPS_PASSED


def session_still_valid(user_id: int, session_key: str | None) -> bool:
    if not User.objects.filter(pk=user_id, is_active=True).exists():
        return False
    # Sessions kept in the database (``db``, ``cached_db`` and ours) are checked there, the
    # truth that an ended session has left: never the cache's copy.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if session_key is None or not issubclass(store, DatabaseSessionStore):
        return True
    session = Session.objects.filter(session_key=session_key,
                                     expire_date__gt=timezone.now()).first()
    return session is not None and session_expiry(session.get_decoded()) is None
