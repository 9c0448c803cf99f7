"""One JSON error shape for every API answer: ``{"error": {code, message, fields}}``."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from preau.common.errors import ApplicationError
from preau.common.sessions import PENDING_USER_KEY

logger = logging.getLogger("preau.errors")

MESSAGES = {
    400: "Requête invalide.",
    401: "Authentification requise.",
    403: "Vous n'avez pas le droit d'effectuer cette action.",
    404: "Ressource introuvable.",
    405: "Méthode non autorisée.",
    406: "Format de réponse non disponible.",
    413: "La requête est trop volumineuse.",
    415: "Type de contenu non pris en charge.",
    429: "Trop de requêtes. Réessayez plus tard.",
    500: "Erreur interne du serveur.",
    503: "Service momentanément indisponible. Réessayez dans quelques instants.",
}
# How long a client should wait before retrying when the database is away.
DATABASE_RETRY_AFTER_SECONDS = 5


def _is_query_cancelled(exc: Exception) -> bool:
    """True when PostgreSQL cancelled the statement (statement_timeout), not lost."""
    cause = exc.__cause__
    return cause is not None and type(cause).__name__ == "QueryCanceled"


def database_unavailable_response(exc: Exception) -> Response:
    """503 with ``Retry-After``: the database is restarting, unreachable or too slow.

    The transaction is rolled back. Nothing else to do to recover: a broken connection is
    closed at the end of the request (``CONN_HEALTH_CHECKS``, or no persistent connection at
    all, and the pool's check in production), so the next request opens a fresh one.
    """
    if _is_query_cancelled(exc):
        code, message = "database_timeout", _(
            "La requête a pris trop de temps. Réessayez dans quelques instants."
        )
        logger.warning("statement cancelled by statement_timeout: %s", exc)
    else:
        code, message = "database_unavailable", MESSAGES[503]
        logger.error("database unavailable: %s", exc)
    set_rollback()
    return Response(
        error_body(code=code, message=message),
        status=503,
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
    )


def too_large_message() -> str:
    """The 413's message, with the limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``; files apart)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    size = f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return _("La requête dépasse la taille maximale de %(size)s Mo (fichiers joints à "
             "part).") % {"size": size}


def too_large_body() -> dict:
    return error_body(code="request_too_large", message=too_large_message())


def error_body(*, code: str, message: str, fields: dict[str, Any] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten_fields(detail: Any) -> dict[str, list[str]]:
    """DRF validation details → ``{"field": ["message", …]}``; nested keys use dots."""
    fields: dict[str, list[str]] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list):
            if all(not isinstance(item, (dict, list)) for item in value):
                fields.setdefault(prefix or "non_field_errors", []).extend(str(v) for v in value)
            else:
                for index, item in enumerate(value):
                    if item:
                        walk(f"{prefix}.{index}" if prefix else str(index), item)
        else:
            fields.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk("", detail)
    return fields


# The refusals of a request, noted here and written to the audit log by
# ``preau.audit.middleware.AuditMiddleware`` once the view's transaction is over (this
# handler rolls that transaction back, and the audit row must survive).
REFUSALS_NOTED = "refusals_noted"


def _note_refusal(context: dict, code: str) -> None:
    """A 403 goes to the audit log (404s do not: "missing" and "not yours" are one answer)."""
    request = context.get("request")
    if request is not None:
        django_request = getattr(request, "_request", request)
        refusals = django_request.__dict__.setdefault(REFUSALS_NOTED, [])
        refusals.append({"actor": getattr(request, "user", None), "code": code})


def _second_factor_awaited(request) -> bool:
    """The password was checked; the session waits for the TOTP code (accounts.services),
    or was opened without it (``preau.accounts.middleware.SecondFactorMiddleware``)."""
    if getattr(request, "second_factor_awaited", False):
        return True
    session = getattr(request, "session", None)
    return session is not None and session.get(PENDING_USER_KEY) is not None


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, (OperationalError, InterfaceError)):
        return database_unavailable_response(exc)
    if isinstance(exc, RequestDataTooBig):
        set_rollback()
        return Response(too_large_body(), status=413)
    if isinstance(exc, ApplicationError):
        if exc.status_code == 403:
            _note_refusal(context, exc.code)
        set_rollback()
        return Response(
            error_body(code=exc.code, message=exc.message, fields=exc.fields),
            status=exc.status_code,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )

    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's 500 handler answers (JSON under /api/)

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    status_code = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten_fields(exc.detail)
        first = next(iter(fields.items()), None)
        message = MESSAGES[400]
        if first:
            message = f"{first[0]} : {first[1][0]}" if first[0] != "non_field_errors" else first[1][0]
        body = error_body(code="invalid", message=message, fields=fields)
    else:
        detail = exc.detail
        code = detail.code if hasattr(detail, "code") else exc.default_code
        message = MESSAGES.get(status_code, str(detail))
        if isinstance(exc, exceptions.ParseError) and code == "too_deep":
            message = str(detail)  # says the limit (preau.common.parsers)
        if isinstance(exc, exceptions.NotAuthenticated) and getattr(
                context.get("request"), "session_expired", False):
            # Set by preau.accounts.middleware.SessionTimeoutMiddleware.
            code, message = "session_expired", _("Votre session a expiré. Reconnectez-vous.")
        elif isinstance(exc, exceptions.NotAuthenticated) and _second_factor_awaited(
                context.get("request")):
            code, message = "otp_required", _(
                "Saisissez le code de votre application d'authentification.")
        if isinstance(exc, exceptions.Throttled) and exc.wait:
            message = _("Trop de tentatives. Réessayez dans %(seconds)d secondes.") % {
                "seconds": int(exc.wait)
            }
        body = error_body(code=str(code), message=message)
        if status_code == 403:
            _note_refusal(context, str(code))
    set_rollback()
    return Response(body, status=status_code, headers=headers)


def json_error_response(status_code: int, code: str) -> JsonResponse:
    return JsonResponse(
        error_body(code=code, message=MESSAGES.get(status_code, "")), status=status_code
    )
