"""Writes the refusals the API's error handler noted, after the view's transaction."""

from __future__ import annotations

import logging

from django.db import DatabaseError

from preau.audit.services import audit_pending_write
from preau.common.exceptions import REFUSALS_NOTED
from preau.common.middleware import database_errors_answer_503

logger = logging.getLogger("preau.errors")


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @database_errors_answer_503
    def __call__(self, request):
        response = self.get_response(request)
        if request.__dict__.get(REFUSALS_NOTED):
            try:
                audit_pending_write(request=request)
            except DatabaseError as exc:  # the answer stands; the database is away
                logger.error("audit event not written: %s", exc)
        return response
