"""Idle and absolute session timeouts (``preau.accounts.session_policy``)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from preau.accounts import session_policy
from preau.accounts.services import session_expired_end, user_session_touch
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
    """A signed-in session that has not passed every step of the login that is due
    (``session_policy.session_login_state``) is an anonymous visitor: on the API, in the
    Django admin, on every other page. The one exception: a session opened only to set up a
    required second factor keeps its account on the API, where
    ``preau.accounts.authentication`` lets it reach the setup endpoints only.

    ``request.second_factor_awaited`` tells the API's error handler to answer
    ``otp_required`` rather than a bare 401."""

    def __init__(self, get_response):
        self.get_response = get_response

    @database_errors_answer_503
    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            state = session_policy.session_login_state(user=user, session=session)
            if state == session_policy.OTP_REQUIRED:
                request.user = AnonymousUser()
                request.second_factor_awaited = True
            elif state == session_policy.SETUP_REQUIRED and not request.path.startswith(
                    "/api/"):
                request.user = AnonymousUser()
        return self.get_response(request)
