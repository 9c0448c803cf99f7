"""Django's authentication signals → the audit log.

Signals here, not calls in the login service, because Django sends them for every way in:
the API's login, the admin's login form, and ``Client.force_login`` in tests alike.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from preau.audit.models import AuditKind


def _logged_in(sender, request, user, **kwargs) -> None:
    from preau.audit.services import audit_event_record
    from preau.common.sessions import SIGN_IN_METHOD_KEY

    session = getattr(request, "session", None)
    method = str(session.get(SIGN_IN_METHOD_KEY, "")) if session is not None else ""
    audit_event_record(kind=AuditKind.LOGIN_SUCCEEDED, request=request, actor=user,
                       path=request.path if request is not None else "",
                       sign_in_method=method)


def _logged_out(sender, request, user, **kwargs) -> None:
    from preau.audit.services import audit_event_record

    if user is not None:
        audit_event_record(kind=AuditKind.LOGOUT, request=request, actor=user,
                           path=request.path if request is not None else "")


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    """``credentials`` are already cleansed by Django; only the username is kept."""
    from preau.audit.services import audit_event_record

    audit_event_record(kind=AuditKind.LOGIN_FAILED, request=request,
                       username=str(credentials.get("username", "")),
                       path=request.path if request is not None else "")


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="preau.audit.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="preau.audit.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="preau.audit.login_failed")
