"""The one CSV writer for files a person opens in a spreadsheet.

Semicolon-separated, UTF-8 with a BOM, CRLF line ends: what French spreadsheets open as is.
Every text cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return — OWASP "CSV injection") is written with a leading
``'``, so that a pupil named ``=HYPERLINK(...)`` or ``-2+3`` reads as that text and never
runs. Numbers stay numbers; a cell made of one such character alone (the register's ``-``)
is no formula and stays as it is.

Files read by programs (the OneRoster export) do not use this writer: they keep the exact
values (docs/security.md, "Fichiers CSV").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from rest_framework.renderers import BaseRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> object:
    """The value as a spreadsheet will read it safely: ``None`` empty, formulas as text."""
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_csv(rows: Iterable[Sequence]) -> bytes:
    """The rows (the header first) as a spreadsheet CSV file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class CsvRenderer(BaseRenderer):
    """Lets content negotiation accept ``?format=csv`` (and ``Accept: text/csv``); the views
    answer with ``csv_response`` themselves."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = data if isinstance(data, list) else [data]
        if not rows or not isinstance(rows[0], dict):
            return b""
        keys = list(rows[0].keys())
        return spreadsheet_csv([keys, *([row.get(k) for k in rows[0]] for row in rows)])


def csv_response(*, filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(spreadsheet_csv([header, *rows]),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
