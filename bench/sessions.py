"""Signed-in clients without paying a password check each: sessions written in bulk.

The login storm (scenario 5) measures logging in; the other scenarios start from families
and teachers who are already signed in, as they are on a school morning.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from preau.accounts.models import User

CSRF = "b" * 32  # a fixed CSRF secret: the cookie and the header carry the same value


def cookies_for(usernames: list[str]) -> dict[str, str]:
    """A ``Cookie`` header per username (a fresh session each)."""
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    store = SessionStore()
    rows, headers = [], {}
    expire = timezone.now() + timedelta(days=1)
    for username in usernames:
        user = users[username]
        key = secrets.token_hex(16)
        data = store.encode({SESSION_KEY: str(user.pk),
                             BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                             HASH_SESSION_KEY: user.get_session_auth_hash()})
        rows.append(Session(session_key=key, session_data=data, expire_date=expire))
        headers[username] = (f"{settings.SESSION_COOKIE_NAME}={key}; "
                             f"{settings.CSRF_COOKIE_NAME}={CSRF}")
    Session.objects.bulk_create(rows, batch_size=2000)
    return headers
