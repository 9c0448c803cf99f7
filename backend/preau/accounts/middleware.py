"""Idle and absolute session timeouts (``preau.accounts.session_policy``)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from preau.accounts import session_policy
from preau.accounts.services import (
    SECOND_FACTOR_KEY,
    has_confirmed_device,
    session_expired_end,
    user_session_touch,
)
from preau.common.middleware import database_errors_answer_503


class SessionTimeoutMiddleware:
    """Ends a timed-out session; the request goes on as anonymous, so an API view that needs
    a login answers 401 with the code ``session_expired`` (``preau.common.exceptions``) while
    the public ones (login, password reset) still work. A live session is marked as used, at
    most every ``PREAU_SESSION_TOUCH_SECONDS``."""

    def __init__(self, get_response):
        self.get_response = get_response

    @database_errors_answer_503
    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            if session_policy.session_expiry(session) is not None:
                session_expired_end(request=request)
                request.user = AnonymousUser()
                request.session_expired = True
            else:
                seen = session.get(session_policy.SEEN_KEY)
                touch_every = settings.PREAU_SESSION_TOUCH_SECONDS
                if seen is None or time.time() - float(seen) >= touch_every:
                    user_session_touch(request=request)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Outside the API (the Django admin first of all), a session is anonymous when it was
    opened only to set up a required second factor, or when a staff account with a device
    signed in without its code (the admin's own login form asks none). The API itself lets
    a setup-only session reach the setup endpoints only (``preau.accounts.authentication``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @database_errors_answer_503
    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not request.path.startswith("/api/"):
            user = request.user
            if session.get(SECOND_FACTOR_KEY) is not None or (
                    user.is_authenticated and user.is_staff and not user.is_verified()
                    and has_confirmed_device(user=user)):
                request.user = AnonymousUser()
        return self.get_response(request)
