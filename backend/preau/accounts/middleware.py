"""Idle and absolute session timeouts (``preau.accounts.session_policy``)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from preau.accounts import session_policy
from preau.accounts.services import session_expired_end, user_session_touch


class SessionTimeoutMiddleware:
    """Ends a timed-out session; the request goes on as anonymous, so an API view that needs
    a login answers 401 with the code ``session_expired`` (``preau.common.exceptions``) while
    the public ones (login, password reset) still work. A live session is marked as used, at
    most every ``PREAU_SESSION_TOUCH_SECONDS``."""

    def __init__(self, get_response):
        self.get_response = get_response

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
