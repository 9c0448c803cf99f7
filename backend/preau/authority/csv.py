"""CSV export of every authority table: the same rows as the JSON, flattened, masked
figures written "<5". Written by the spreadsheet writer of ``preau.common.csv`` (its
``CsvRenderer`` and ``csv_response``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

SUPPRESSED = "<5"


def cell(row: dict, name: str):
    if name in row.get("suppressed", []):
        return SUPPRESSED
    value = row.get(name)
    return "" if value is None else value


def school_cells(school) -> list:
    return [school.uai, school.name, school.commune.name, school.circonscription.name]


SCHOOL_HEADER = ["UAI", "École", "Commune", "Circonscription"]

RowsToCells = Callable[[list[dict]], Iterable[list]]
