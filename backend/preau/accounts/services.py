"""Logins, logouts and account deactivation."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from rest_framework.exceptions import Throttled

from preau.accounts.models import User, UserSession
from preau.common.errors import ApplicationError


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _failure_keys(*, username: str, ip: str) -> list[str]:
    return [f"login-fail:user:{username.strip().lower()}", f"login-fail:ip:{ip}"]


def _seconds_left(key: str) -> int:
    started = cache.get(f"{key}:start")
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if started is None:
        return window
    return max(1, int(started + window - time.time()))


def _check_not_throttled(keys: list[str]) -> None:
    counts = cache.get_many(keys)
    for key in keys:
        if counts.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT:
            raise Throttled(wait=_seconds_left(key))


def _record_failure(keys: list[str]) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in keys:
        if cache.add(key, 0, timeout=window):
            cache.set(f"{key}:start", time.time(), timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


def user_login(*, request, username: str, password: str) -> User:
    """Check the credentials and open a session.

    More than ``LOGIN_FAILURE_LIMIT`` failures in the window for one account or one
    address answer 429 before any password is checked (a check costs real CPU).
    """
    keys = _failure_keys(username=username, ip=client_ip(request))
    _check_not_throttled(keys)
    user = authenticate(request, username=username, password=password)
    if user is None:
        _record_failure(keys)
        raise ApplicationError(
            "Identifiant ou mot de passe incorrect.", code="invalid_credentials"
        )
    cache.delete_many([keys[0], f"{keys[0]}:start"])
    with transaction.atomic():
        django_login(request, user)
        UserSession.objects.create(
            user=user,
            session_key=request.session.session_key,
            ip_address=client_ip(request) if client_ip(request) != "unknown" else None,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
    return user


def user_logout(*, request) -> None:
    session_key = request.session.session_key
    with transaction.atomic():
        if session_key:
            UserSession.objects.filter(session_key=session_key).delete()
        django_logout(request)


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Disable a login and end every session it holds."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    keys = list(user.user_sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    user.user_sessions.all().delete()
    return user
