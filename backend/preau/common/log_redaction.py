"""Secrets that travel in a URL path never reach a log line of ours.

An iCal feed is fetched by calendar apps without a login: the secret token is the path
itself (``/api/v1/timetable/ical/<token>.ics``). Whoever reads a log line with it can read
the family's timetable until the token is revoked. The servers' access loggers and
Django's request loggers get a filter that writes ``/ical/[masqué].ics`` instead
(docs/security.md, "Secrets in logs"; the proxy in front does the same: docs/operations.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

SECRET_PATHS = [re.compile(r"(/ical/)[^/?#\s\"']+?(\.ics)?(?=[?#\s\"']|$)")]
MASK = r"\1[masqué]\2"

# The loggers that write request paths: uvicorn's and granian's access logs, Django's
# "Not Found: <path>" (django.request) and the development server's (django.server).
REQUEST_LOGGERS = ["uvicorn.access", "granian.access", "django.request", "django.server"]


def redact(text: str) -> str:
    for pattern in SECRET_PATHS:
        text = pattern.sub(MASK, text)
    return text


def _redacted(value):
    return redact(value) if isinstance(value, str) else value


class SecretPathFilter(logging.Filter):
    """Rewrites the message and its arguments in place; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _redacted(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(value) for value in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        return True


def install() -> None:
    """Adds the filter to every request logger (once), without touching their handlers."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SecretPathFilter) for f in logger.filters):
            logger.addFilter(SecretPathFilter())
