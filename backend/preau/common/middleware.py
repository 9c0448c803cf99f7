"""A database outage outside the REST API (admin, pages) answers 503, not a 500 page.

The REST API answers it in its exception handler (``preau.common.exceptions``); this
middleware covers the other Django views, with the same envelope under ``/api/``.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

from preau.common.exceptions import DATABASE_RETRY_AFTER_SECONDS, MESSAGES, json_error_response

logger = logging.getLogger("preau.errors")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", exception)
        if request.path.startswith("/api/"):
            response = json_error_response(503, "database_unavailable")
        else:
            response = HttpResponse(MESSAGES[503], status=503,
                                    content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
