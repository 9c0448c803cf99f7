"""A database outage outside the REST API (admin, pages) answers 503, not a 500 page.

The REST API answers it in its exception handler (``preau.common.exceptions``); this
middleware covers the other Django views, with the same envelope under ``/api/``.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse

from preau.common.deadline import request_deadline
from preau.common.exceptions import DATABASE_RETRY_AFTER_SECONDS, MESSAGES, json_error_response

logger = logging.getLogger("preau.errors")


def database_unavailable_response(request, exception: Exception) -> HttpResponse:
    """The 503 (JSON envelope under ``/api/``, plain text elsewhere) with Retry-After."""
    logger.error("database unavailable: %s", exception)
    if request.path.startswith("/api/"):
        response = json_error_response(503, "database_unavailable")
    else:
        response = HttpResponse(MESSAGES[503], status=503,
                                content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


def database_errors_answer_503(call):
    """For a middleware's ``__call__`` that reads the database before the view (the session,
    the user): Django turns an exception raised there into a 500 before any outer middleware
    sees it, so the middleware answers the 503 itself."""

    @functools.wraps(call)
    def wrapper(self, request):
        try:
            return call(self, request)
        except (OperationalError, InterfaceError) as exception:
            return database_unavailable_response(request, exception)

    return wrapper


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        return database_unavailable_response(request, exception)


class RequestDeadlineMiddleware:
    """The outermost middleware: the request's database connections are cut once it has
    waited ``PREAU_REQUEST_DATABASE_SECONDS`` (``preau.common.deadline``), so that a frozen
    database server gets it a 503 rather than a hang."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = float(getattr(settings, "PREAU_REQUEST_DATABASE_SECONDS", 0) or 0)
        with request_deadline(seconds=seconds,
                              wrappers=[connections[alias] for alias in connections]):
            return self.get_response(request)
