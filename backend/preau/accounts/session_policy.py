"""Idle and absolute session timeouts, per kind of account (docs/security.md).

A session carries three values of its own: its kind (family or staff), when it was opened
and when it was last used (Unix times). The middleware and the WebSocket consumer both
ask :func:`session_expiry` whether they still hold; neither needs a query for that.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db.models import Exists, OuterRef
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.models import Device

from preau.accounts.models import SessionKind, User
from preau.people.models import AuthorityMembership, StaffAssignment

KIND_KEY = "preau_session_kind"
OPENED_KEY = "preau_session_opened_at"
SEEN_KEY = "preau_session_seen_at"
# Limits of one session beyond those of its kind (a class card's session: the end of the
# school day, a short idle time on a shared tablet): ``session_limit``.
ENDS_AT_KEY = "preau_session_ends_at"
IDLE_KEY = "preau_session_idle_seconds"

EXPIRED_IDLE = "idle"
EXPIRED_ABSOLUTE = "absolute"

# The steps of a login (docs/security.md, "Second factor"). A session is in one state:
# every step due passed; password checked but the code (or passkey) of a confirmed device
# not given
# (an anonymous visitor everywhere); or opened only to set up a required device.
STEPS_PASSED = "passed"
OTP_REQUIRED = "otp_required"
SETUP_REQUIRED = "otp_setup_required"
# Written by the login service on a session opened only to set up a required device.
SECOND_FACTOR_KEY = "preau_otp_setup"
# The account whose session has passed every step (no confirmed device at login, or its
# code given): written at login, or at the first request that finds the session verified
# by django_otp's own key, so that later requests need no query.
STEPS_PASSED_KEY = "preau_login_steps_passed"


def session_kind_of(*, user: User) -> SessionKind:
    """Staff and authority accounts (and Django staff) get the short timeouts."""
    if user.is_staff or user.is_superuser:
        return SessionKind.STAFF
    if user.person_id is None:
        return SessionKind.FAMILY
    row = (User.objects.filter(pk=user.pk)
           .annotate(staff=Exists(StaffAssignment.objects.filter(person_id=OuterRef("person_id"))),
                     authority=Exists(AuthorityMembership.objects.filter(
                         person_id=OuterRef("person_id"))))
           .values("staff", "authority").first())
    if row and (row["staff"] or row["authority"]):
        return SessionKind.STAFF
    return SessionKind.FAMILY


def idle_seconds(kind: str) -> int:
    return int(settings.PREAU_SESSION_IDLE_SECONDS[kind])


def absolute_seconds(kind: str) -> int:
    return int(settings.PREAU_SESSION_ABSOLUTE_SECONDS[kind])


def session_mark_opened(*, session, kind: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    session[KIND_KEY] = str(kind)
    session[OPENED_KEY] = now
    session[SEEN_KEY] = now


def session_limit(*, session, ends_at: float | None = None,
                  idle: int | None = None) -> None:
    """Make one session end at ``ends_at`` (a Unix time) at the latest, and after ``idle``
    seconds unused, when these are shorter than its kind's timeouts."""
    if ends_at is not None:
        session[ENDS_AT_KEY] = float(ends_at)
    if idle is not None:
        session[IDLE_KEY] = int(idle)


def mark_session_on_login(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session_mark_opened(session=session, kind=session_kind_of(user=user))
        session.pop(STEPS_PASSED_KEY, None)
        # Each login starts with its kind's timeouts only (a card sign-in then adds its own).
        session.pop(ENDS_AT_KEY, None)
        session.pop(IDLE_KEY, None)
        # The login service sets ``otp_device`` once the code is checked (login_otp_verify).
        if getattr(user, "otp_device", None) is not None or not has_confirmed_device(user):
            session[STEPS_PASSED_KEY] = user.pk


def has_confirmed_device(user) -> bool:
    """A confirmed second factor of any kind django_otp knows: a TOTP application or a
    passkey (WebAuthn credential). Every gate counts them alike."""
    return user_has_device(user, confirmed=True)


def _verified_device(*, user, session) -> Device | None:
    """The confirmed device of ``user`` whose code this session was given (django_otp)."""
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    if not persistent_id:
        return None
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device


def session_login_state(*, user, session) -> str:
    """Whether the session of an authenticated ``user`` has passed every step of the login
    that is due: ``passed``, ``otp_required`` (its account has a confirmed device and the
    session was never given a code: the admin's form of old, a bare ``login()``) or
    ``otp_setup_required`` (opened only to set up a required device).

    The one rule: the API's authentication, the middleware in front of the admin and every
    other page, and the WebSocket consumer all ask it; only ``passed`` is a signed-in user
    (the API lets ``otp_setup_required`` reach the setup endpoints and nothing else)."""
    if session is None:
        return STEPS_PASSED  # no session, no login by session (a test's request factory)
    if session.get(SECOND_FACTOR_KEY) == SETUP_REQUIRED:
        return SETUP_REQUIRED
    if session.get(STEPS_PASSED_KEY) == user.pk:
        return STEPS_PASSED
    if _verified_device(user=user, session=session) is None and has_confirmed_device(user):
        return OTP_REQUIRED
    # Verified with the code (a device confirmed in this session), or an older session of
    # an account without a device: remembered, so that the next requests ask nothing.
    session[STEPS_PASSED_KEY] = user.pk
    return STEPS_PASSED


def session_expiry(data, *, now: float | None = None) -> str | None:
    """``"idle"`` or ``"absolute"`` when the session has timed out, else None.

    ``data`` is a session (or its decoded dict). A session without the marks (opened by
    the admin's login form, or by a test's ``force_login``) is not judged here: the
    middleware marks it on its first request."""
    now = time.time() if now is None else now
    kind = data.get(KIND_KEY)
    if kind not in SessionKind.values:
        return None
    opened = float(data.get(OPENED_KEY, now))
    seen = float(data.get(SEEN_KEY, now))
    ends_at = data.get(ENDS_AT_KEY)
    if now - opened >= absolute_seconds(kind) or (ends_at is not None
                                                  and now >= float(ends_at)):
        return EXPIRED_ABSOLUTE
    idle = min(idle_seconds(kind), int(data.get(IDLE_KEY) or idle_seconds(kind)))
    if now - seen >= idle:
        return EXPIRED_IDLE
    return None
