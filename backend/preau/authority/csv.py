"""CSV export of every authority table: the same rows as the JSON, flattened, masked
figures written "<5". Written by the spreadsheet writer of ``preau.common.csv``."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpResponse
from rest_framework.renderers import BaseRenderer

from preau.common.csv import spreadsheet_csv

SUPPRESSED = "<5"


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
        return _write(list(rows[0].keys()), ([row.get(k) for k in rows[0]] for row in rows))


def cell(row: dict, name: str):
    if name in row.get("suppressed", []):
        return SUPPRESSED
    value = row.get(name)
    return "" if value is None else value


def _write(header: list[str], rows: Iterable[list]) -> bytes:
    return spreadsheet_csv([header, *rows])


def csv_response(*, filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(_write(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def school_cells(school) -> list:
    return [school.uai, school.name, school.commune.name, school.circonscription.name]


SCHOOL_HEADER = ["UAI", "École", "Commune", "Circonscription"]

RowsToCells = Callable[[list[dict]], Iterable[list]]
